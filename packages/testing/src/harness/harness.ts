import { type ChildProcess, spawn } from 'node:child_process';
import { buildApp, createApiDeps } from '@scheduler/api';
import { createJobStore } from '@scheduler/db';
import { buildCatalogue, createCrawlClaims } from '@scheduler/jobs';
import { createLifecycleStore } from '@scheduler/lifecycle';
import { createJobQueues, createRedis } from '@scheduler/runtime';
import { buildCrawlerStandIn, buildEmailStandIn } from '@scheduler/stand-ins';
import { createLogger, reconcileOnce, startWorkerRuntime, type WorkerRuntime } from '@scheduler/worker';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import {
  createTestDatabase,
  deleteQueueKeys,
  TEST_SERVICE_KEY,
  type TestDatabase,
  testApiConfig,
  testEnv,
  testJobs,
  testWorkerConfig,
  uniqueQueuePrefix,
  waitFor,
} from '../index.ts';
import { API_ENTRY, REPO_ROOT, WORKER_ENTRY } from './paths.ts';

/**
 * A test's whole world: its own database and queue prefix, the API (in process, via inject),
 * the crawler and email stand-ins on real ports, and workers in process or as child processes.
 */
export async function createHarness(extraEnv: Record<string, string> = {}) {
  const db: TestDatabase = await createTestDatabase();
  const queuePrefix = uniqueQueuePrefix();
  const crawler = buildCrawlerStandIn(db.sql);
  const crawlerUrl = await crawler.app.listen({ port: 0, host: '127.0.0.1' });
  const email = buildEmailStandIn();
  const emailUrl = await email.app.listen({ port: 0, host: '127.0.0.1' });
  const env = { databaseUrl: db.url, queuePrefix, crawlerUrl, emailUrl };
  const api: FastifyInstance = await buildApp(createApiDeps(testApiConfig(env, extraEnv), { extraJobs: testJobs }), {
    logger: false,
  });
  const runtimes: WorkerRuntime[] = [];
  // A connection of the test's own to look into Redis with, opened at the first look.
  let inspectorRedis: ReturnType<typeof createRedis> | null = null;
  const inspectRedis = () => {
    inspectorRedis ??= createRedis(testWorkerConfig(env, extraEnv).REDIS_URL, 'worker');
    return inspectorRedis;
  };
  let inspectorQueues: ReturnType<typeof createJobQueues> | null = null;
  const children: ChildProcess[] = [];

  async function spawnApp(entry: string, more: Record<string, string>, ready: RegExp) {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...harness.env({ LOG_LEVEL: 'info', ...more }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    // SHOW_CHILD_OUTPUT=1 shows what the processes log, to see why a test failed.
    const show = process.env.SHOW_CHILD_OUTPUT ? (chunk: Buffer) => process.stderr.write(chunk) : () => {};
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      show(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
      show(chunk);
    });
    const match = await waitFor(
      `${entry} to start`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${entry} exited early: ${output}`);
        return ready.exec(output);
      },
      { timeoutMs: 20_000 },
    );
    return { child, match };
  }

  const harness = {
    db,
    sql: db.sql,
    api,
    crawler,
    email,
    queuePrefix,
    env: (more: Record<string, string> = {}) => testEnv(env, { ...extraEnv, ...more }),

    async trigger(jobType: string, payload: Record<string, unknown> = {}): Promise<string> {
      const res = await api.inject({
        method: 'POST',
        url: '/api/jobs/trigger',
        headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
        payload: { jobType, payload },
      });
      if (res.statusCode !== 202) throw new Error(`trigger answered ${res.statusCode}: ${res.body}`);
      return res.json().id as string;
    },

    /** One API call with the service key; a body object goes as JSON. */
    call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>) {
      return api.inject({
        method,
        url,
        headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
        ...(payload ? { payload } : {}),
      });
    },

    async job(id: string) {
      const res = await api.inject({
        method: 'GET',
        url: `/api/jobs/${id}`,
        headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
      });
      return res.json();
    },

    async waitForStatus(id: string, status: string | string[], timeoutMs = 10_000) {
      const wanted = Array.isArray(status) ? status : [status];
      return waitFor(
        `job ${id} to be ${wanted.join(' or ')}`,
        async () => {
          const job = await harness.job(id);
          return wanted.includes(job.status) ? job : null;
        },
        { timeoutMs },
      );
    },

    /** A worker in this process. */
    async startWorker(more: Record<string, string> = {}): Promise<WorkerRuntime> {
      const config = testWorkerConfig(env, { ...extraEnv, ...more });
      const runtime = await startWorkerRuntime(config, createLogger(config.LOG_LEVEL, 'test-worker'), {
        extraJobs: testJobs,
      });
      runtimes.push(runtime);
      return runtime;
    },

    /**
     * A worker as its own process, as production runs it; resolves once it takes jobs (or once
     * its log shows `ready`).
     */
    async spawnWorker(more: Record<string, string> = {}, ready = /worker started/): Promise<ChildProcess> {
      return (await spawnApp(WORKER_ENTRY, more, ready)).child;
    },

    /** An API server as its own process on a free port; resolves with its base URL once it listens. */
    async spawnApi(more: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
      const { child, match } = await spawnApp(
        API_ENTRY,
        { HOST: '127.0.0.1', PORT: '0', ...more },
        /Server listening at (http:\/\/127\.0\.0\.1:\d+)/,
      );
      return { child, url: match[1] as string };
    },

    /** The test's queues, to look into Redis as BullMQ sees it. */
    queues() {
      inspectorQueues ??= createJobQueues(buildCatalogue({ extraJobs: testJobs }), inspectRedis(), queuePrefix);
      return inspectorQueues;
    },

    /**
     * Whether BullMQ's pause flag is set on a type's queue, read through a queue opened for the
     * question and closed after it (nothing is kept between reads).
     */
    async isPaused(jobType: string): Promise<boolean> {
      const queue = new Queue(jobType, { connection: inspectRedis(), prefix: queuePrefix });
      try {
        return await queue.isPaused();
      } finally {
        await queue.close();
      }
    },

    /** One reconciler pass, as a worker replica runs it. */
    async reconcile() {
      const config = testWorkerConfig(env, extraEnv);
      const redis = createRedis(config.REDIS_URL, 'worker');
      const queues = createJobQueues(buildCatalogue({ extraJobs: testJobs }), redis, queuePrefix);
      try {
        return await reconcileOnce({
          jobs: createJobStore(db.sql),
          lifecycle: createLifecycleStore(db.sql),
          queues,
          crawlClaims: createCrawlClaims(db.sql),
          log: createLogger('silent', 'test-reconciler'),
          graceMs: 0,
        });
      } finally {
        await queues.close();
        redis.disconnect();
      }
    },

    async close() {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all(runtimes.map((r) => r.close(1000).catch(() => {})));
      await api.close();
      await inspectorQueues?.close();
      inspectorRedis?.disconnect();
      await crawler.app.close();
      await email.app.close();
      await deleteQueueKeys(queuePrefix);
      await db.drop();
    },
  };
  return harness;
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;
