import { buildApp, createApiDeps } from '@scheduler/api';
import { createJobQueues, createRedis } from '@scheduler/runtime';
import {
  createTestDatabase,
  deleteQueueKeys,
  runJob,
  TEST_REDIS_URL,
  TEST_SERVICE_KEY,
  type TestDatabase,
  testApiConfig,
  testWorkerConfig,
  uniqueQueuePrefix,
  waitFor,
} from '@scheduler/testing';
import { createLogger, startWorkerRuntime, type WorkerRuntime } from '@scheduler/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalogue, renderJobTable } from '../src/index.ts';
import { testTally } from './fixtures/test-tally/index.ts';

/**
 * What adding a job type takes: its folder (fixtures/test-tally: definition, payload schema,
 * declared schedule, handler) and one registry line. Everything else (the API's catalogue and
 * forms, the worker's queue, the schedule's row and BullMQ scheduler, README's table) follows
 * from the catalogue. Production types take their line in productionJobs; a test type, in the
 * catalogue's extraJobs, which every process takes.
 */
const registry = { extraJobs: [testTally] };

let db: TestDatabase;
let api: Awaited<ReturnType<typeof buildApp>>;
let worker: WorkerRuntime;
const queuePrefix = uniqueQueuePrefix();
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql`
    INSERT INTO discoveries (url, status) VALUES
      ('https://example.org/a', 'approved'), ('https://example.org/b', 'approved'), ('https://example.org/c', 'pending')`;
  const env = { databaseUrl: db.url, queuePrefix };
  api = await buildApp(createApiDeps(testApiConfig(env), registry), { logger: false });
  // The worker installs the declared schedules as it starts, as in production.
  const config = testWorkerConfig(env, { INSTALL_DEFAULT_SCHEDULES: 'true' });
  worker = await startWorkerRuntime(config, createLogger('silent', 'test-worker'), registry);
});
afterAll(async () => {
  await worker?.close(1000);
  await api?.close();
  await deleteQueueKeys(queuePrefix);
  await db?.drop();
});

describe('a job type added as a folder and one registry line', () => {
  it('runs on its own with runJob', async () => {
    const { result, logs, progress } = await runJob(testTally, { label: 'live' }, { sql: db.sql });
    expect(result).toMatchObject({ success: true, itemsProcessed: 2, details: { live: 2 } });
    expect(logs.map((l) => l.message)).toEqual(['2 live']);
    expect(progress).toEqual([{ percent: 0, message: 'counting' }]);
  });

  it('is given exactly what it needs: deps without its need neither compile nor run', async () => {
    // @ts-expect-error: test_tally needs sql
    await expect(runJob(testTally, {}, {})).rejects.toThrow('runJob: test_tally needs sql; deps lacks sql');
  });

  it('is listed by GET /api/job-types with its form', async () => {
    const res = await api.inject({ method: 'GET', url: '/api/job-types', headers: auth });
    expect(res.statusCode).toBe(200);
    const listed = (res.json().jobTypes as Array<Record<string, unknown>>).find((t) => t.name === 'test_tally');
    expect(listed).toMatchObject({
      description: testTally.description,
      implemented: true,
      declaredSchedule: 'test-tally',
      defaults: { attempts: 2, timeoutMs: 10_000, concurrency: 1, priority: 'LOW', exclusive: false },
      payloadSchema: {
        type: 'object',
        properties: { label: { type: 'string', minLength: 1, maxLength: 40, default: 'approved' } },
        additionalProperties: false,
      },
    });
  });

  it('has its declared schedule installed: its row and its BullMQ scheduler', async () => {
    const row = await waitFor(
      'the declared schedule to be installed',
      async () => (await db.sql`SELECT * FROM schedules WHERE name = 'test-tally'`)[0],
      { timeoutMs: 15_000 },
    );
    expect(row).toMatchObject({ job_type: 'test_tally', cron: '30 3 * * *', timezone: 'Europe/Paris', enabled: true });
    const redis = createRedis(TEST_REDIS_URL, 'worker');
    const queues = createJobQueues(buildCatalogue(registry), redis, queuePrefix);
    try {
      const scheduler = await waitFor(
        'its BullMQ job scheduler',
        () => queues.schedules.getJobScheduler('test-tally'),
        {
          timeoutMs: 15_000,
        },
      );
      expect(scheduler).toMatchObject({ key: 'test-tally', tz: 'Europe/Paris' });
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });

  it('runs when triggered through the API, taken by the worker', async () => {
    const res = await api.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: auth,
      payload: { jobType: 'test_tally', payload: { label: 'via-api' } },
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    const done = await waitFor(
      'the triggered run to complete',
      async () => {
        const job = (await api.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: auth })).json();
        return job.status === 'completed' ? job : null;
      },
      { timeoutMs: 15_000 },
    );
    expect(done.result).toMatchObject({ success: true, itemsProcessed: 2, details: { 'via-api': 2 } });
  });

  it("appears in README's job table as the catalogue renders it", () => {
    const table = renderJobTable(buildCatalogue(registry).all);
    expect(table).toMatch(
      /^\| `test_tally` +\| Test only: counts the approved discoveries under a label\. +\| `test-tally`: `30 3 \* \* \*` Europe\/Paris +\| 2 +\| 10s +\| 1 +\| 90 d +\| `sql` +\|$/m,
    );
  });
});
