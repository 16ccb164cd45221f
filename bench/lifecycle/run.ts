/**
 * Lifecycle benchmark (issue 2). Prints, in one run:
 *  1. jobs/s of trivial jobs through the full lifecycle (row insert, queue add, worker, row
 *     updates to running and completed) and of bare BullMQ add+process, same Redis, same
 *     concurrency, and their ratio;
 *  2. trigger-to-running latency (p50/p99) at a steady rate through the real HTTP API.
 *
 * Usage: pnpm bench:lifecycle [-- --jobs 5000 --concurrency 50 --rate 200 --seconds 10]
 * Needs Redis on 127.0.0.1:6379 and Postgres on 127.0.0.1:5432 (database scheduler_bench is
 * dropped and created).
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSql } from '@scheduler/db';
import { buildCatalogue } from '@scheduler/jobs';
import { createLifecycleStore } from '@scheduler/lifecycle';
import { createJobQueues, createRedis, triggerJob } from '@scheduler/runtime';
import { deleteQueueKeys, TEST_SERVICE_KEY, testEnv, testJobs, waitFor } from '@scheduler/testing';
import { createLogger } from '@scheduler/worker';
import { Queue } from 'bullmq';
import {
  benchDatabase,
  dropDatabase,
  freshDatabase,
  percentile,
  pool,
  runBench,
  SERVER,
  spawnProcess,
  stopProcess,
} from '../support/processes.ts';

const { values: args } = parseArgs({
  // pnpm forwards a literal '--' before script arguments.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    jobs: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '50' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
  },
});
const JOBS = Number(args.jobs);
const CONCURRENCY = Number(args.concurrency);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const DATABASE = benchDatabase('scheduler_bench');
/** The API's port in the latency run (BENCH_PORT: another, for two checkouts benching at once). */
const API_PORT = Number(process.env.BENCH_PORT ?? 7099);
const DATABASE_URL = `${SERVER}/${DATABASE}`;
const log = createLogger('silent', 'bench');

const WORKER_MAIN = fileURLToPath(new URL('../../apps/worker/test/entries/worker.ts', import.meta.url));
const API_SERVER = fileURLToPath(new URL('../../apps/api/test/entries/server.ts', import.meta.url));
const BARE_WORKER = fileURLToPath(new URL('./bare-worker.ts', import.meta.url));

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs `count` triggers at a steady RATE per second; records each job's send time. */
async function sendTriggers(count: number, sent: Map<string, number> | null) {
  const interval = 1000 / RATE;
  const start = performance.now();
  const startWall = Date.now();
  const calls: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t0 = startWall + (performance.now() - start);
    calls.push(
      postTrigger().then((id) => {
        sent?.set(id, t0);
      }),
    );
  }
  await Promise.all(calls);
}

function postTrigger(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: API_PORT,
        path: '/api/jobs/trigger',
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => (res.statusCode === 202 ? resolve(JSON.parse(body).id) : reject(new Error(body))));
      },
    );
    req.on('error', reject);
    req.end('{"jobType":"test_noop"}');
  });
}

async function bareBullmq(): Promise<number> {
  const prefix = `{${benchDatabase('bench-bare')}}`;
  await deleteQueueKeys(prefix);
  const worker = await spawnProcess(BARE_WORKER, { QUEUE_PREFIX: prefix, CONCURRENCY: String(CONCURRENCY) });
  const connection = createRedis('redis://127.0.0.1:6379', 'worker');
  const queue = new Queue('noop', { connection, prefix });
  const started = performance.now();
  // Same options the lifecycle uses: priority, attempts, retention.
  await pool(JOBS, CONCURRENCY, (i) =>
    queue.add(
      'noop',
      { payload: {} },
      { jobId: `bare-${i}`, priority: 5, attempts: 1, removeOnComplete: { age: 3600 } },
    ),
  );
  await waitFor('every bare job to complete', async () => (await queue.getCompletedCount()) === JOBS, {
    timeoutMs: 300_000,
    intervalMs: 10,
  });
  const seconds = (performance.now() - started) / 1000;
  await stopProcess(worker);
  await queue.close();
  connection.disconnect();
  await deleteQueueKeys(prefix);
  return JOBS / seconds;
}

async function lifecycle(): Promise<number> {
  const prefix = `{${benchDatabase('bench-lifecycle')}}`;
  await deleteQueueKeys(prefix);
  const env = testEnv({ databaseUrl: DATABASE_URL, queuePrefix: prefix }, { DATABASE_POOL_SIZE: '20' });
  const worker = await spawnProcess(WORKER_MAIN, env);
  const sql = createSql(DATABASE_URL, { max: 20 });
  const redis = createRedis('redis://127.0.0.1:6379', 'producer');
  const catalogue = buildCatalogue({ extraJobs: testJobs });
  const deps = {
    catalogue,
    lifecycle: createLifecycleStore(sql),
    queues: createJobQueues(catalogue, redis, prefix),
    log,
  };

  const started = performance.now();
  await pool(JOBS, CONCURRENCY, () => triggerJob(deps, { jobType: 'test_noop', startedBy: 'bench' }));
  // The clock stops when every row is completed in Postgres (the record), not when BullMQ is
  // done: the worker writes completions behind. BullMQ's counter (cheap) is watched first, so the
  // count(*) below runs only at the end and does not load Postgres during the run.
  const queue = deps.queues.get('test_noop');
  await waitFor('every job to complete in BullMQ', async () => (await queue?.getCompletedCount()) === JOBS, {
    timeoutMs: 300_000,
    intervalMs: 10,
  });
  await waitFor(
    'every row to be completed',
    async () => (await sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE status = 'completed'`)[0]?.n === JOBS,
    { timeoutMs: 60_000, intervalMs: 5 },
  );
  const seconds = (performance.now() - started) / 1000;
  const [check] = await sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE status = 'completed'`;
  if (check?.n !== JOBS) throw new Error(`only ${check?.n} of ${JOBS} rows are completed`);
  await stopProcess(worker);
  await deps.queues.close();
  redis.disconnect();
  await sql`DELETE FROM scheduled_jobs`;
  await sql.end();
  await deleteQueueKeys(prefix);
  return JOBS / seconds;
}

async function triggerToRunning(): Promise<{ p50: number; p99: number; max: number; count: number }> {
  const prefix = `{${benchDatabase('bench-latency')}}`;
  await deleteQueueKeys(prefix);
  const env = testEnv(
    { databaseUrl: DATABASE_URL, queuePrefix: prefix },
    { PORT: String(API_PORT), HOST: '127.0.0.1' },
  );
  const worker = await spawnProcess(WORKER_MAIN, env);
  const api = await spawnProcess(API_SERVER, { ...env, LOG_LEVEL: 'info' }, 'Server listening');
  // One second of traffic first, not measured: JIT, connection pools, prepared statements.
  await sendTriggers(RATE, null);
  const sent = new Map<string, number>();
  await sendTriggers(RATE * SECONDS, sent);
  const total = RATE * SECONDS + RATE;
  const sql = createSql(DATABASE_URL, { max: 2 });
  await waitFor(
    'every job to start',
    async () => {
      const [row] = await sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE started_at IS NOT NULL`;
      return row?.n === total;
    },
    { timeoutMs: 60_000 },
  );
  const rows = await sql`SELECT id, started_at, created_at FROM scheduled_jobs`;
  if (process.env.BENCH_DEBUG) {
    // Where the time goes: HTTP and API up to the insert, then commit, queue, worker pick-up.
    const measured = rows.filter((r) => sent.has(r.id as string));
    const part = (f: (r: (typeof rows)[number]) => number) => measured.map(f).sort((a, b) => a - b);
    const toInsert = part((r) => (r.created_at as Date).getTime() - (sent.get(r.id as string) ?? 0));
    const toRunning = part((r) => (r.started_at as Date).getTime() - (r.created_at as Date).getTime());
    for (const [name, values] of [
      ['request→insert', toInsert],
      ['insert→running', toRunning],
    ] as const) {
      console.log(`  ${name}: p50 ${percentile(values, 50)} ms, p99 ${percentile(values, 99)} ms`);
    }
  }
  const latencies = rows
    .map((r) => (r.started_at as Date).getTime() - (sent.get(r.id as string) ?? Number.NaN))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  await sql.end();
  await stopProcess(api);
  await stopProcess(worker);
  await deleteQueueKeys(prefix);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    count: latencies.length,
  };
}

async function main() {
  await freshDatabase(DATABASE);
  console.log(`lifecycle benchmark: ${JOBS} trivial jobs, concurrency ${CONCURRENCY} (producers and worker)`);
  const bare = await bareBullmq();
  const full = await lifecycle();
  console.log(`  bare BullMQ add+process:   ${bare.toFixed(0)} jobs/s`);
  console.log(`  full lifecycle:            ${full.toFixed(0)} jobs/s`);
  console.log(`  ratio lifecycle/bare:      ${(full / bare).toFixed(2)}  (target >= 0.50)`);
  const latency = await triggerToRunning();
  console.log(
    `trigger-to-running over HTTP at ${RATE} jobs/s for ${SECONDS}s (${latency.count} jobs): ` +
      `p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms  (target p99 < 10 ms)`,
  );
  await dropDatabase(DATABASE);
}

runBench(main);
