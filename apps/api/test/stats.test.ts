import { jsonParam } from '@scheduler/db';
import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
const get = (url: string) => h.app.inject({ method: 'GET', url, headers: auth });

/** A finished or unfinished row with a known history, as the worker would have left it. */
async function row(type: string, status: string, daysAgo: number, seconds: number | null, items?: number) {
  const [r] = await h.db.sql`
    INSERT INTO scheduled_jobs (job_type, status, created_at, started_at, completed_at, result)
    VALUES (${type}, ${status},
            now() - ${daysAgo} * interval '1 day',
            ${seconds === null && status === 'pending' ? null : h.db.sql`now() - ${daysAgo} * interval '1 day'`},
            ${seconds === null ? null : h.db.sql`now() - ${daysAgo} * interval '1 day' + ${seconds} * interval '1 second'`},
            ${items === undefined ? null : h.db.sql.json({ success: status === 'completed', itemsProcessed: items })})
    RETURNING id`;
  return r?.id as string;
}

beforeAll(async () => {
  h = await createApiHarness();
  // test_script in the last 7 days: 5 completed (10–50 s, 3 items each), 2 failed, 1 cancelled, 1 pending.
  for (const seconds of [10, 20, 30, 40, 50]) await row('test_script', 'completed', 1, seconds, 3);
  await row('test_script', 'failed', 2, 5, 0);
  await row('test_script', 'failed', 3, 5);
  await row('test_script', 'cancelled', 1, 1);
  await row('test_script', 'pending', 0, null);
  // Older than a week: only in the 60-day view.
  await row('test_script', 'completed', 40, 100, 7);
});
afterAll(async () => {
  await h?.close();
});

describe('GET /api/stats', () => {
  it('counts, success rate, durations and items per type over the chosen days, with the queue now', async () => {
    const res = await get('/api/stats?days=7');
    expect(res.statusCode).toBe(200);
    const script = res.json().types.find((t: { jobType: string }) => t.jobType === 'test_script');
    expect(script).toMatchObject({
      counts: { pending: 1, running: 0, completed: 5, failed: 2, cancelled: 1 },
      successRate: 0.7143, // 5 / (5 + 2)
      itemsProcessed: 15,
      queue: { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0, prioritized: 0 },
    });
    // Over 10, 20, 30, 40, 50 s: mean 30, median 30, 95th percentile (interpolated) 48.
    expect(script.duration.avg).toBeCloseTo(30, 6);
    expect(script.duration.p50).toBeCloseTo(30, 6);
    expect(script.duration.p95).toBeCloseTo(48, 6);
    // A type with no jobs is listed with zeros.
    expect(res.json().types.find((t: { jobType: string }) => t.jobType === 'weekly_digest')).toMatchObject({
      counts: { completed: 0 },
      successRate: null,
      duration: null,
      itemsProcessed: 0,
    });
  });

  it('shares an answer for a few seconds, saying when it was computed', async () => {
    const first = (await get('/api/stats?days=3')).json();
    await row('test_script', 'completed', 0, 1, 1);
    const again = (await get('/api/stats?days=3')).json();
    expect(again.computedAt).toBe(first.computedAt);
    expect(again.types).toEqual(first.types);
    await h.db.sql`DELETE FROM scheduled_jobs WHERE created_at > now() - interval '1 minute' AND status = 'completed'`;
  });

  it('widens with days, and refuses a bad value', async () => {
    const wide = (await get('/api/stats?days=60')).json();
    const script = wide.types.find((t: { jobType: string }) => t.jobType === 'test_script');
    expect(script.counts.completed).toBe(6);
    expect(script.itemsProcessed).toBe(22);
    expect((await get('/api/stats?days=0')).statusCode).toBe(400);
    expect((await get('/api/stats?days=lots')).statusCode).toBe(400);
  });
});

describe('GET /api/job-types', () => {
  it('describes each type with its payload schema, defaults, schedules and typical duration', async () => {
    await h.app.inject({
      method: 'PUT',
      url: '/api/schedules/script-nightly',
      headers: auth,
      payload: { jobType: 'test_script', cron: '0 3 * * *' },
    });
    const res = await get('/api/job-types');
    expect(res.statusCode).toBe(200);
    const types = res.json().jobTypes as Array<{ name: string } & Record<string, unknown>>;
    const script = types.find((t) => t.name === 'test_script');
    // The newest completed runs: 10–50 s and 100 s; p50 35, p90 interpolated 75.
    expect(script?.duration).toEqual({ p50: 35, p90: 75, samples: 6 });
    expect(script?.payloadSchema).toMatchObject({ type: 'object', properties: { sleepMs: { type: 'integer' } } });
    expect(script?.schedules).toEqual([
      expect.objectContaining({
        name: 'script-nightly',
        enabled: true,
        cron: '0 3 * * *',
        timezone: 'UTC',
        when: 'At 03:00 (UTC)',
      }),
    ]);
    const digest = types.find((t) => t.name === 'weekly_digest');
    expect(digest).toMatchObject({
      implemented: true,
      declaredSchedule: 'weekly-digest',
      duration: null,
      defaults: { attempts: 3, priority: 'MEDIUM', exclusive: true, rateLimit: null, timeoutMs: 7_200_000 },
    });
    expect(types.find((t) => t.name === 'test_unimplemented')?.implemented).toBe(false);
    expect(script?.declaredSchedule).toBeNull();
  });
});

describe('ETA on GET /api/jobs/:id', () => {
  it('blends the running job’s progress with the history of its type', async () => {
    const [r] = await h.db.sql`
      INSERT INTO scheduled_jobs (job_type, status, started_at, progress)
      VALUES ('test_script', 'running', now() - interval '10 seconds', ${h.db.sql.json({ percent: 50 })})
      RETURNING id, started_at`;
    const res = await get(`/api/jobs/${r?.id}`);
    expect(res.statusCode).toBe(200);
    const { eta } = res.json();
    expect(eta.basis).toBe('progress and history');
    // 10 s for 50%: 20 s by its pace; history p50 35 s: 0.5 × 20 + 0.5 × 35 = 27.5 s after the start.
    const startedAt = r?.started_at as Date;
    const expected = startedAt.getTime() + 27_500;
    expect(Math.abs(Date.parse(eta.expectedCompletionAt) - expected)).toBeLessThan(1500);
  });

  it('says "no history" when the type has none, and carries no ETA once finished', async () => {
    const [r] = await h.db.sql`
      INSERT INTO scheduled_jobs (job_type, status, started_at) VALUES ('update_metrics', 'running', now()) RETURNING id`;
    expect((await get(`/api/jobs/${r?.id}`)).json().eta).toEqual({
      expectedCompletionAt: null,
      low: null,
      high: null,
      basis: 'no history',
      scaledToItems: null,
    });
    const [done] = await h.db.sql`SELECT id FROM scheduled_jobs WHERE status = 'completed' LIMIT 1`;
    expect((await get(`/api/jobs/${done?.id}`)).json().eta).toBeNull();
  });
});

describe('dry runs', () => {
  it('move neither the typical duration, the stats durations nor an estimate', async () => {
    // Real digests took 10 s; a dry run (nothing sent) took 1000 s and must not count.
    const run = (seconds: number, payload: Record<string, unknown>) => h.db.sql`
      INSERT INTO scheduled_jobs (job_type, status, payload, created_at, started_at, completed_at)
      VALUES ('moderation_updates', 'completed', ${jsonParam(h.db.sql, payload)}, now() - interval '1 hour',
              now() - interval '1 hour', now() - interval '1 hour' + ${seconds} * interval '1 second')`;
    for (let i = 0; i < 3; i++) await run(10, {});
    await run(1000, { dryRun: true });
    // A payload that says false is a real run.
    await run(10, { dryRun: false });

    const types = (await get('/api/job-types')).json().jobTypes as Array<{ name: string; duration: unknown }>;
    expect(types.find((t) => t.name === 'moderation_updates')?.duration).toEqual({ p50: 10, p90: 10, samples: 4 });

    const stats = (await get('/api/stats?days=2')).json().types as Array<{ jobType: string; duration: unknown }>;
    const row = stats.find((t) => t.jobType === 'moderation_updates') as { duration: Record<string, number> };
    expect(row.duration.avg).toBeCloseTo(10, 6);
    expect(row.duration.p95).toBeCloseTo(10, 6);

    const [running] = await h.db.sql`
      INSERT INTO scheduled_jobs (job_type, status, started_at) VALUES ('moderation_updates', 'running', now())
      RETURNING id, started_at`;
    const { id, started_at: startedAt } = running as { id: string; started_at: Date };
    const { eta } = (await get(`/api/jobs/${id}`)).json();
    expect(eta.basis).toBe('history');
    expect(Date.parse(eta.high) - startedAt.getTime()).toBe(10_000);
  });
});

describe('sizes of past runs', () => {
  it('are read in the unit a running job reports (its progress total), not its items', async () => {
    // Past runs: ten steps of progress each, one item in their result, 12 s each.
    for (let i = 0; i < 3; i++) {
      await h.db.sql`
        INSERT INTO scheduled_jobs (job_type, status, created_at, started_at, completed_at, progress, result)
        VALUES ('update_metrics', 'completed', now() - interval '1 hour', now() - interval '1 hour',
                now() - interval '1 hour' + interval '12 seconds',
                ${h.db.sql.json({ percent: 100, done: 10, total: 10 })},
                ${h.db.sql.json({ success: true, itemsProcessed: 1 })})`;
    }
    // A run 3 steps of 10 in, 3 s after its start: history says 12 s in all, not 10 × 12.
    const [running] = await h.db.sql`
      INSERT INTO scheduled_jobs (job_type, status, started_at, progress)
      VALUES ('update_metrics', 'running', now() - interval '3 seconds',
              ${h.db.sql.json({ percent: 30, done: 3, total: 10 })})
      RETURNING id, started_at`;
    const { id, started_at: startedAt } = running as { id: string; started_at: Date };
    const { eta } = (await get(`/api/jobs/${id}`)).json();
    expect(eta.scaledToItems).toBe(10);
    expect(Date.parse(eta.expectedCompletionAt) - startedAt.getTime()).toBeLessThan(20_000);
  });
});
