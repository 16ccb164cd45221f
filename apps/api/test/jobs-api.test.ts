import { buildApp, createApiDeps } from '@scheduler/api';
import { TEST_REDIS_URL, TEST_SERVICE_KEY, type TestDatabase, testApiConfig, testJobs } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let harness: ApiHarness;
let db: TestDatabase;
let app: FastifyInstance;
let prefix: string;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  harness = await createApiHarness();
  ({ db, app, prefix } = harness);
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(async () => {
  await db.sql`DELETE FROM scheduled_jobs`;
});

const rowCount = async () => (await db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`)[0]?.n as number;

const trigger = (body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/jobs/trigger', headers: { ...auth, ...headers }, payload: body as object });

describe('health', () => {
  it('answers the original /health shape without authentication', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['service', 'status', 'timestamp']);
    expect(body).toMatchObject({ status: 'healthy', service: 'scheduler-service' });
    expect(new Date(body.timestamp).toString()).not.toBe('Invalid Date');
  });

  it('is ready when Postgres and Redis answer', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('is unready (503) and names Redis when Redis does not answer', async () => {
    const config = testApiConfig({ databaseUrl: db.url, queuePrefix: prefix }, { REDIS_URL: 'redis://127.0.0.1:1' });
    const broken = await buildApp(createApiDeps(config, { extraJobs: testJobs }), { logger: false });
    try {
      const res = await broken.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().checks.postgres).toBe('ok');
      expect(res.json().checks.redis).not.toBe('ok');
      expect(res.json().message).toMatch(/^redis: /);
    } finally {
      await broken.close();
    }
  });
});

describe('authentication', () => {
  it.each([
    ['no header', {}],
    ['a wrong key', { authorization: 'Bearer not-the-key' }],
    ['a malformed header', { authorization: TEST_SERVICE_KEY }],
  ])('answers 401 to %s and writes nothing', async (_name, headers) => {
    for (const [method, url] of [
      ['GET', '/api/jobs'],
      ['GET', '/api/jobs/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/jobs/trigger'],
      ['GET', '/docs/json'],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        headers,
        payload: method === 'POST' ? { jobType: 'test_noop' } : undefined,
      });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error).toBe('unauthorized');
    }
    expect(await rowCount()).toBe(0);
  });

  it('serves the OpenAPI document to authenticated callers', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(
      expect.arrayContaining(['/api/jobs/trigger', '/api/jobs/{jobId}', '/api/jobs', '/health']),
    );
  });
});

describe('POST /api/jobs/trigger', () => {
  it('commits a pending row, queues it under the row id, and answers 202', async () => {
    const res = await trigger({ jobType: 'test_noop' });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.jobId).toBe(body.id);
    expect(body).toMatchObject({ status: 'pending', startedAt: null });
    const [row] = await db.sql`SELECT * FROM scheduled_jobs WHERE id = ${body.id}`;
    expect(row).toMatchObject({ job_type: 'test_noop', status: 'pending', started_by: 'service' });
    const queue = new Queue('test_noop', { connection: { url: TEST_REDIS_URL }, prefix });
    try {
      const job = await queue.getJob(body.id);
      expect(job?.data).toEqual({ payload: {} });
    } finally {
      await queue.close();
    }
  });

  it('ignores a triggeredBy in the body: the actor comes from authentication', async () => {
    const res = await trigger({ jobType: 'test_noop', triggeredBy: 'user_someone_else' });
    expect(res.statusCode).toBe(202);
    const [row] = await db.sql`SELECT started_by FROM scheduled_jobs WHERE id = ${res.json().id}`;
    expect(row?.started_by).toBe('service');
  });

  it('stores the payload with the type defaults applied, and the priority', async () => {
    const res = await trigger({ jobType: 'crawl_pending', payload: { batchSize: 10 }, priority: 'HIGH' });
    expect(res.statusCode).toBe(202);
    const [row] = await db.sql`SELECT payload, priority, max_attempts FROM scheduled_jobs WHERE id = ${res.json().id}`;
    expect(row?.payload).toEqual({ batchSize: 10, maxBatches: 100, maxItemFailures: 5 });
    expect(row?.priority).toBe('HIGH');
    expect(row?.max_attempts).toBe(3);
  });

  it.each([
    ['an unknown job type', { jobType: 'make_coffee' }, 400, 'unknown_job_type', /Unknown job type "make_coffee"/],
    ['a missing job type', {}, 400, 'validation_failed', /body\.jobType/],
    [
      'a payload that fails the type schema',
      { jobType: 'crawl_pending', payload: { batchSize: 0 } },
      400,
      'invalid_payload',
      /payload\.batchSize/,
    ],
    [
      'an unknown payload field',
      { jobType: 'crawl_pending', payload: { bachSize: 5 } },
      400,
      'invalid_payload',
      /bachSize/,
    ],
    [
      'a payload that is not an object',
      { jobType: 'crawl_pending', payload: [1, 2] },
      400,
      'validation_failed',
      /body\.payload/,
    ],
    ['a bad priority', { jobType: 'test_noop', priority: 'URGENT' }, 400, 'validation_failed', /body\.priority/],
    ['an unknown body field', { jobType: 'test_noop', colour: 'red' }, 400, 'validation_failed', /colour/],
    [
      'discovery ids that are not UUIDs',
      { jobType: 'update_metrics', payload: { discoveryIds: ['nope'] } },
      400,
      'invalid_payload',
      /payload\.discoveryIds\.0/,
    ],
    [
      'a type without a handler yet',
      { jobType: 'test_unimplemented' },
      501,
      'not_implemented',
      /test_unimplemented.*no handler yet/,
    ],
  ])('rejects %s and writes nothing', async (_name, body, status, code, message) => {
    const res = await trigger(body);
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toBe(code);
    expect(res.json().message).toMatch(message);
    expect(await rowCount()).toBe(0);
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"jobType": "test_noop"',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_json' });
    expect(await rowCount()).toBe(0);
  });

  it('rejects a body that is not JSON with 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: { ...auth, 'content-type': 'text/plain' },
      payload: 'jobType=test_noop',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toBe('unsupported_media_type');
    expect(await rowCount()).toBe(0);
  });

  it('rejects an oversized body with 413', async () => {
    const res = await trigger({ jobType: 'test_noop', triggeredBy: 'x'.repeat(70_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('payload_too_large');
    expect(await rowCount()).toBe(0);
  });

  it('rejects an empty body with 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/jobs/trigger', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(await rowCount()).toBe(0);
  });
});

describe('GET /api/jobs/:jobId', () => {
  it('answers the original fields and the added ones', async () => {
    const { id } = (await trigger({ jobType: 'test_noop' })).json();
    const res = await app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      jobType: 'test_noop',
      status: 'pending',
      startedAt: null,
      completedAt: null,
      result: null,
      error: null,
      progress: null,
      attempts: 0,
      payload: {},
      startedBy: 'service',
    });
    expect(res.json().createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/jobs/42', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation_failed', message: expect.stringMatching(/params\.jobId/) });
  });

  it('answers 404 for an unknown id', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/jobs/00000000-0000-4000-8000-000000000000',
      headers: auth,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not_found');
  });
});

describe('GET /api/jobs', () => {
  async function seedRows() {
    // Three days of rows of two types and statuses, with known creation times.
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, created_at, updated_at)
      SELECT CASE WHEN i % 2 = 0 THEN 'crawl_pending' ELSE 'test_noop' END,
             CASE WHEN i % 3 = 0 THEN 'failed' ELSE 'completed' END,
             timestamptz '2026-11-01T00:00:00Z' + i * interval '1 hour',
             now()
      FROM generate_series(0, 71) AS i`;
  }

  it('lists newest first with total, page and limit', async () => {
    await seedRows();
    const res = await app.inject({ method: 'GET', url: '/api/jobs?limit=10&page=2', headers: auth });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 72, page: 2, limit: 10 });
    expect(body.jobs).toHaveLength(10);
    const times = body.jobs.map((j: { createdAt: string }) => j.createdAt);
    expect(times[0]).toBe('2026-11-03T13:00:00.000Z');
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('defaults to 50 per page', async () => {
    await seedRows();
    const body = (await app.inject({ method: 'GET', url: '/api/jobs', headers: auth })).json();
    expect(body).toMatchObject({ total: 72, page: 1, limit: 50 });
    expect(body.jobs).toHaveLength(50);
  });

  it('filters by type, status and time range together', async () => {
    await seedRows();
    const res = await app.inject({
      method: 'GET',
      // A date as `to` includes that whole day: the 2nd only.
      url: '/api/jobs?type=crawl_pending&status=failed&from=2026-11-02T00:00:00Z&to=2026-11-02',
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    // Hours 24..47 with i even and i divisible by 3: 24, 30, 36, 42.
    expect(res.json().total).toBe(4);
    for (const job of res.json().jobs) expect(job).toMatchObject({ jobType: 'crawl_pending', status: 'failed' });
  });

  it('takes `to` as a date to include that whole day, and as a date-time to stop just before it', async () => {
    await seedRows();
    const total = async (query: string) =>
      (await app.inject({ method: 'GET', url: `/api/jobs?${query}`, headers: auth })).json().total;
    expect(await total('to=2026-11-01')).toBe(24); // hours 0..23 of the 1st
    expect(await total('to=2026-11-01T12:00:00Z')).toBe(12);
    expect(await total('from=2026-11-02&to=2026-11-02')).toBe(24);
  });

  it('finds jobs by the start of their id, with or without dashes, in either case', async () => {
    const ids = [
      'abcdef01-1111-4111-8111-111111111111',
      'abcdef02-2222-4222-8222-222222222222',
      '12345678-3333-4333-8333-333333333333',
    ];
    for (const id of ids) {
      await db.sql`INSERT INTO scheduled_jobs (id, job_type, status) VALUES (${id}, 'test_noop', 'completed')`;
    }
    const found = async (prefix: string) =>
      (await app.inject({ method: 'GET', url: `/api/jobs?idPrefix=${prefix}`, headers: auth }))
        .json()
        .jobs.map((j: { id: string }) => j.id)
        .sort();
    expect(await found('abcdef0')).toEqual([ids[0], ids[1]]);
    expect(await found('abcdef01')).toEqual([ids[0]]);
    expect(await found('ABCDEF01-11')).toEqual([ids[0]]);
    expect(await found(ids[2] as string)).toEqual([ids[2]]);
    expect(await found('fff')).toEqual([]);
    for (const bad of ['xyz', '0'.repeat(33), '']) {
      const res = await app.inject({ method: 'GET', url: `/api/jobs?idPrefix=${bad}`, headers: auth });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().message).toMatch(/idPrefix: must be the start of a job id/);
    }
  });

  it.each([
    ['status=exploded', /querystring\.status/],
    ['from=yesterday', /querystring\.from/],
    ['to=2026-13-45', /querystring\.to/],
    ['limit=0', /querystring\.limit/],
    ['limit=101', /querystring\.limit/],
    ['limit=ten', /querystring\.limit/],
    ['page=0', /querystring\.page/],
    ['from=2026-11-03&to=2026-11-01', /"from" must not be after "to"/],
    ['sort=asc', /sort/],
  ])('answers 400 to %s', async (query, message) => {
    const res = await app.inject({ method: 'GET', url: `/api/jobs?${query}`, headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation_failed' });
    expect(res.json().message).toMatch(message);
  });

  it('pages by cursor: every job once, in order, ties on created_at included', async () => {
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, created_at)
      SELECT 'test_noop', 'completed', '2026-11-01T00:00:00Z'::timestamptz + (g / 2) * interval '1 microsecond'
      FROM generate_series(1, 7) g`;
    const all = (await db.sql`SELECT id FROM scheduled_jobs ORDER BY created_at DESC, id DESC`).map((r) => r.id);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const url: string = `/api/jobs?limit=3${after ? `&after=${after}` : ''}`;
      const page = (await app.inject({ method: 'GET', url, headers: auth })).json();
      expect(page.total).toBe(7);
      seen.push(...page.jobs.map((j: { id: string }) => j.id));
      after = page.nextAfter;
    } while (after);
    expect(seen).toEqual(all);
    const both = await app.inject({ method: 'GET', url: `/api/jobs?after=${all[0]}&page=2`, headers: auth });
    expect(both.statusCode).toBe(400);
  });

  it('counts matches up to 10,000, and says when there are more', async () => {
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status) SELECT 'test_noop', 'completed' FROM generate_series(1, 10001)`;
    const many = (await app.inject({ method: 'GET', url: '/api/jobs?limit=5', headers: auth })).json();
    expect(many).toMatchObject({ total: 10_000, totalIsExact: false });
    expect(many.jobs).toHaveLength(5);
    await db.sql`DELETE FROM scheduled_jobs WHERE id IN (SELECT id FROM scheduled_jobs LIMIT 1)`;
    const exact = (await app.inject({ method: 'GET', url: '/api/jobs?limit=5', headers: auth })).json();
    expect(exact).toMatchObject({ total: 10_000, totalIsExact: true });
  });

  it('answers 400 to an unknown type filter', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/jobs?type=make_coffee', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('unknown_job_type');
  });
});
