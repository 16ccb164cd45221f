import { buildApp, createApiDeps } from '@scheduler/api';
import { jobQueryParams, parseJobQuery } from '@scheduler/client/job-query';
import { createLifecycleStore, type LifecycleStore } from '@scheduler/lifecycle';
import { TEST_SERVICE_KEY, type TestDatabase, testApiConfig, testJobs } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobViewSchema } from '../src/job-view.ts';

// GET /api/jobs with every filter, alone and combined, typed and as `q`: each must answer
// exactly the jobs that match, however the answer is paged.
let harness: ApiHarness;
let db: TestDatabase;
let app: FastifyInstance;
let lifecycle: LifecycleStore;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

/** A job as stored, for the test's own idea of what each filter matches. */
interface Stored {
  id: string;
  jobType: string;
  status: string;
  payload: Record<string, unknown>;
  tags: string[];
  error: string | null;
  scheduleName: string | null;
  startedBy: string | null;
}
let stored: Stored[] = [];

const WEEKS = ['2026-W47', '2026-W48', '2026-W49'];
const TAGS = [[], ['backfill'], ['backfill', 'team:growth'], ['team:growth'], []];
const ERRORS = ['send: ECONNRESET by peer', 'Timeout after 30 s', 'crawler answered 503'];

beforeAll(async () => {
  harness = await createApiHarness();
  ({ db, app } = harness);
  lifecycle = createLifecycleStore(db.sql);
  // 45 jobs: every combination of type, week, tags and end (pending, running, completed,
  // failed with one of three errors, cancelled), recorded and moved through the lifecycle.
  for (let i = 0; i < 45; i++) {
    const created = await lifecycle.create({
      jobType: i % 2 === 0 ? 'test_noop' : 'test_script',
      payload: {
        isoWeek: WEEKS[i % 3],
        batchSize: i % 4 === 0 ? 100 : `${i}`,
        options: { mode: i % 5 === 0 ? 'full' : 'quick' },
        ...(i % 6 === 0 ? { dryRun: true } : {}),
      },
      priority: 'MEDIUM',
      maxAttempts: 1,
      startedBy: i % 7 === 0 ? 'u-42' : 'service',
      scheduleName: i % 8 === 0 ? 'nightly-digest' : null,
      tags: TAGS[i % TAGS.length],
    });
    const id = created.record?.id as string;
    const end = i % 5;
    if (end >= 1 && end <= 3) await lifecycle.start(id, 'w-test');
    if (end === 2) await lifecycle.complete(id, { success: true });
    if (end === 3) await lifecycle.fail(id, ERRORS[i % 3] as string);
    if (end === 4) await lifecycle.requestCancel(id, 'stopped by an operator');
  }
  const rows = await db.sql`
    SELECT id, job_type, status, payload, tags, error, schedule_name, started_by FROM scheduled_jobs`;
  stored = rows.map((r) => ({
    id: r.id,
    jobType: r.job_type,
    status: r.status,
    payload: r.payload,
    tags: r.tags,
    error: r.error,
    scheduleName: r.schedule_name,
    startedBy: r.started_by,
  }));
  expect(new Set(stored.map((j) => j.status))).toEqual(
    new Set(['pending', 'running', 'completed', 'failed', 'cancelled']),
  );
});

afterAll(async () => {
  await harness?.close();
});

/** Every job a listing answers, following `nextAfter` page by page (`limit` 7: several pages). */
async function allPages(params: Record<string, string | string[]>): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      for (const v of Array.isArray(value) ? value : [value]) query.append(key, v);
    }
    query.set('limit', '7');
    if (after) query.set('after', after);
    const res = await app.inject({ method: 'GET', url: `/api/jobs?${query}`, headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    ids.push(...body.jobs.map((j: { id: string }) => j.id));
    after = body.nextAfter;
    if (!after) {
      expect(body.total).toBe(ids.length);
      return ids.sort();
    }
  }
  throw new Error('more pages than jobs');
}

const idsWhere = (match: (job: Stored) => boolean) =>
  stored
    .filter(match)
    .map((j) => j.id)
    .sort();

const at = (payload: Record<string, unknown>, path: string[]) =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), payload);

const cases: Array<[string, Record<string, string | string[]>, string, (job: Stored) => boolean]> = [
  ['type', { type: 'test_script' }, 'type:test_script', (j) => j.jobType === 'test_script'],
  [
    'several statuses',
    { status: 'failed,cancelled' },
    'status:failed,cancelled',
    (j) => ['failed', 'cancelled'].includes(j.status),
  ],
  [
    'a payload key',
    { payload: 'isoWeek=2026-W48' },
    'payload.isoWeek:2026-W48',
    (j) => j.payload.isoWeek === '2026-W48',
  ],
  [
    'a payload key, number or string',
    { payload: 'batchSize=100' },
    'payload.batchSize:100',
    (j) => String(j.payload.batchSize) === '100',
  ],
  [
    'a nested payload path',
    { payload: 'options.mode=full' },
    'payload.options.mode:full',
    (j) => at(j.payload, ['options', 'mode']) === 'full',
  ],
  [
    'two payload keys',
    { payload: ['isoWeek=2026-W47', 'options.mode=quick'] },
    'payload.isoWeek:2026-W47 payload.options.mode:quick',
    (j) => j.payload.isoWeek === '2026-W47' && at(j.payload, ['options', 'mode']) === 'quick',
  ],
  [
    'payload containment',
    { contains: '{"dryRun":true,"options":{"mode":"full"}}' },
    'payload:{"dryRun":true,"options":{"mode":"full"}}',
    (j) => j.payload.dryRun === true && at(j.payload, ['options', 'mode']) === 'full',
  ],
  ['a tag', { tag: 'backfill' }, 'tag:backfill', (j) => j.tags.includes('backfill')],
  [
    'every given tag',
    { tag: ['backfill', 'team:growth'] },
    'tag:backfill tag:team:growth',
    (j) => j.tags.includes('backfill') && j.tags.includes('team:growth'),
  ],
  ['error text, any case', { error: 'econnreset' }, 'ECONNRESET', (j) => /econnreset/i.test(j.error ?? '')],
  ['error text, quoted words', { error: 'after 30' }, '"after 30"', (j) => (j.error ?? '').includes('after 30')],
  [
    'the schedule',
    { schedule: 'nightly-digest' },
    'schedule:nightly-digest',
    (j) => j.scheduleName === 'nightly-digest',
  ],
  ['started by', { startedBy: 'u-42' }, 'startedBy:u-42', (j) => j.startedBy === 'u-42'],
  [
    'a combination',
    { type: 'test_noop', status: 'failed', payload: 'isoWeek=2026-W48', tag: 'team:growth' },
    'type:test_noop status:failed payload.isoWeek:2026-W48 tag:team:growth',
    (j) =>
      j.jobType === 'test_noop' &&
      j.status === 'failed' &&
      j.payload.isoWeek === '2026-W48' &&
      j.tags.includes('team:growth'),
  ],
  [
    'a combination with error text and a schedule',
    { status: 'failed,cancelled,pending', error: 'e', schedule: 'nightly-digest' },
    'status:failed,cancelled,pending schedule:nightly-digest e',
    (j) =>
      ['failed', 'cancelled', 'pending'].includes(j.status) &&
      /e/i.test(j.error ?? '') &&
      j.scheduleName === 'nightly-digest',
  ],
];

describe('GET /api/jobs filters', () => {
  it.each(cases)(
    '%s: exactly the matching jobs, over several pages, typed and as q',
    async (_name, params, q, match) => {
      const expected = idsWhere(match);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(stored.length);
      expect(await allPages(params)).toEqual(expected);
      expect(await allPages({ q })).toEqual(expected);
      // The dashboard's parser turns q into these very parameters.
      const parsed = parseJobQuery(q);
      expect(parsed.ok && jobQueryParams(parsed.query)).toBeTruthy();
    },
  );

  it('finds a job by the 8 characters the dashboard shows, with or without dashes', async () => {
    const job = stored[11] as Stored;
    const expected = idsWhere((j) => j.id.startsWith(job.id.slice(0, 8)));
    expect(await allPages({ idPrefix: job.id.slice(0, 8) })).toEqual(expected);
    expect(await allPages({ q: `id:${job.id.slice(0, 13)}` })).toEqual(
      idsWhere((j) => j.id.startsWith(job.id.slice(0, 13))),
    );
  });

  it('shows each job with its tags', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/jobs?tag=team:growth&limit=100', headers: auth });
    for (const job of res.json().jobs) expect(job.tags).toContain('team:growth');
  });
});

describe('refusals', () => {
  it.each([
    ['/api/jobs?q=statue:failed', 'invalid_query', /unknown key "statue"/],
    ['/api/jobs?q=status:exploded', 'invalid_query', /status: must be one or more of pending/],
    ['/api/jobs?q=tag:Backfill', 'invalid_query', /tag "Backfill" must be/],
    ['/api/jobs?q=%22ECONN', 'invalid_query', /quote is not closed/],
    ['/api/jobs?q=payload:{"a":', 'invalid_query', /not closed/],
    ['/api/jobs?q=type:nope', 'unknown_job_type', /Unknown job type "nope"/],
    ['/api/jobs?q=tag:x&type=test_noop', 'validation_failed', /"q" or the typed filters/],
    ['/api/jobs?payload=isoWeek', 'validation_failed', /must be path=value/],
    ['/api/jobs?contains=[1]', 'validation_failed', /must be a JSON object/],
    ['/api/jobs?status=failed,exploded', 'validation_failed', /must be one or more of/],
    ['/api/jobs?tag=a&tag=b&tag=c&tag=d&tag=e&tag=f', 'validation_failed', /at most 5 tags/],
  ])('%s is a 400 %s that says why', async (url, code, message) => {
    const res = await app.inject({ method: 'GET', url, headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe(code);
    expect(res.json().message).toMatch(message);
  });
});

describe('tags', () => {
  it('a trigger attaches them; bad ones are a 400 that records nothing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: auth,
      payload: { jobType: 'test_noop', tags: ['ops.retry-1', 'x:y'] },
    });
    expect(res.statusCode).toBe(202);
    const view = await app.inject({ method: 'GET', url: `/api/jobs/${res.json().id}`, headers: auth });
    expect(view.json().tags).toEqual(['ops.retry-1', 'x:y']);
    expect(await allPages({ tag: 'ops.retry-1' })).toEqual([res.json().id]);

    const count = async () => (await db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`)[0]?.n as number;
    const before = await count();
    for (const tags of [['UPPER'], ['a', 'b', 'c', 'd', 'e', 'f'], ['x'.repeat(41)], ['dup', 'dup'], ['sp ace']]) {
      const bad = await app.inject({
        method: 'POST',
        url: '/api/jobs/trigger',
        headers: auth,
        payload: { jobType: 'test_noop', tags },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/tags/);
    }
    expect(await count()).toBe(before);
  });

  it('a retry keeps the tags of the job it retries', async () => {
    const failed = stored.find((j) => j.status === 'failed' && j.tags.length > 0) as Stored;
    // With a payload its type takes (the seeded ones are search fixtures, not valid payloads).
    const res = await app.inject({
      method: 'POST',
      url: `/api/jobs/${failed.id}/retry`,
      headers: auth,
      payload: { payload: {} },
    });
    expect(res.statusCode, res.body).toBe(202);
    const retry = await app.inject({ method: 'GET', url: `/api/jobs/${res.json().id}`, headers: auth });
    expect(retry.json().tags).toEqual(failed.tags);
  });

  it("a schedule's tags go onto every run it starts; bad ones are refused", async () => {
    const put = await app.inject({
      method: 'PUT',
      url: '/api/schedules/tagged-noop',
      headers: auth,
      payload: { jobType: 'test_noop', cron: '0 3 * * *', enabled: false, tags: ['nightly', 'team:ops'] },
    });
    expect(put.statusCode, put.body).toBe(201);
    expect(put.json().tags).toEqual(['nightly', 'team:ops']);
    const run = await app.inject({ method: 'POST', url: '/api/schedules/tagged-noop/run', headers: auth });
    expect(run.statusCode).toBe(202);
    expect(await allPages({ q: 'schedule:tagged-noop tag:nightly tag:team:ops' })).toEqual([run.json().id]);

    const bad = await app.inject({
      method: 'PUT',
      url: '/api/schedules/tagged-noop',
      headers: auth,
      payload: { tags: ['Not OK'] },
    });
    expect(bad.statusCode).toBe(400);
    const after = await app.inject({ method: 'GET', url: '/api/schedules/tagged-noop', headers: auth });
    expect(after.json().tags).toEqual(['nightly', 'team:ops']);
  });
});

describe('bounded cost', () => {
  it('a search that would scan a big table past JOB_SEARCH_TIMEOUT_MS is a 400 search_too_broad', async () => {
    // 100,000 failed jobs whose errors all differ: two characters are too few for the trigram
    // index, so the search must read them all.
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, payload, error, created_at)
      SELECT 'test_noop', 'failed', '{}'::jsonb, 'upstream error ' || md5(g::text), now() - make_interval(secs => g)
      FROM generate_series(1, 100000) g`;
    await db.sql`ANALYZE scheduled_jobs`;
    const config = testApiConfig({ databaseUrl: db.url, queuePrefix: harness.prefix }, { JOB_SEARCH_TIMEOUT_MS: '10' });
    const tight = await buildApp(createApiDeps(config, { extraJobs: testJobs }), { logger: false });
    try {
      const res = await tight.inject({ method: 'GET', url: '/api/jobs?q=%22zq%22', headers: auth });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'search_too_broad' });
      expect(res.json().message).toMatch(/^narrow the search: it ran longer than 10 ms/);
      // The same API with the default bound answers it.
      const roomy = await app.inject({ method: 'GET', url: '/api/jobs?q=%22zq%22', headers: auth });
      expect(roomy.statusCode).toBe(200);
    } finally {
      await tight.close();
      await db.sql`DELETE FROM scheduled_jobs WHERE error LIKE 'upstream error %'`;
    }
  }, 120_000);
});

describe("the listing's answer", () => {
  it('is what the zod serializer made of it: the same keys and values, stored JSON beyond the schema left out', async () => {
    // A job whose stored progress and result carry keys the schema does not name: the listing
    // (written without zod's pass) must leave them out, as zod did.
    const created = await lifecycle.create({
      jobType: 'test_noop',
      payload: { note: 'shape', nested: { kept: true } },
      priority: 'MEDIUM',
      maxAttempts: 1,
      startedBy: 'service',
      scheduleName: null,
      tags: ['shape'],
    });
    const id = created.record?.id as string;
    await lifecycle.start(id, 'w-test');
    await db.sql`
      UPDATE scheduled_jobs SET
        progress = ${db.sql.json({ percent: 50, done: 1, total: 2, stage: 'not in the schema' })},
        result = ${db.sql.json({ success: false, itemsProcessed: 3, details: { a: 1 }, internal: 'not in the schema' })}
      WHERE id = ${id}`;
    const listing = z.object({
      jobs: z.array(jobViewSchema),
      total: z.number(),
      totalIsExact: z.boolean(),
      nextAfter: z.uuid().nullable(),
      page: z.number(),
      limit: z.number(),
    });
    for (const url of ['/api/jobs?limit=100', '/api/jobs?tag=shape']) {
      const res = await app.inject({ method: 'GET', url, headers: auth });
      expect(res.statusCode).toBe(200);
      // Key order is no part of JSON's meaning; what must match is every key and value.
      expect(JSON.parse(res.body)).toStrictEqual(listing.encode(res.json()));
    }
    const [shape] = (await app.inject({ method: 'GET', url: '/api/jobs?tag=shape', headers: auth })).json().jobs;
    expect(shape.progress).toEqual({ percent: 50, done: 1, total: 2 });
    expect(shape.result).toEqual({ success: false, itemsProcessed: 3, details: { a: 1 } });
  });
});
