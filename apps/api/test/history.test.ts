import { createLifecycleStore } from '@scheduler/lifecycle';
import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
const get = (url: string) => h.app.inject({ method: 'GET', url, headers: auth });
const HOUR = 3_600_000;
const thisHour = () => new Date(Math.floor(Date.now() / HOUR) * HOUR);

/** Ends jobs of test_script through the lifecycle: `ms` each, completed unless told. */
async function finish(runs: Array<{ ms: number; end?: 'fail' | 'cancel' }>) {
  const lifecycle = createLifecycleStore(h.db.sql);
  await Promise.all(
    runs.map(async ({ ms, end }) => {
      const created = await lifecycle.create({
        jobType: 'test_script',
        payload: {},
        priority: 'LOW',
        maxAttempts: 1,
        startedBy: null,
      });
      const id = created.record?.id as string;
      if (end === 'cancel') return lifecycle.requestCancel(id);
      await lifecycle.start(id, 'w-1');
      // A known duration: the start set back by `ms` (the statement ending it adds a few ms).
      await h.db
        .sql`UPDATE scheduled_jobs SET started_at = now() - make_interval(secs => ${ms / 1000}) WHERE id = ${id}`;
      return end === 'fail' ? lifecycle.fail(id, 'boom') : lifecycle.complete(id, { success: true });
    }),
  );
}

beforeAll(async () => {
  h = await createApiHarness();
  await finish([
    ...Array.from({ length: 9 }, () => ({ ms: 1000 })),
    { ms: 30_000 },
    { ms: 5, end: 'fail' as const },
    { ms: 0, end: 'cancel' as const },
  ]);
  // Folded hours over the last 30 days: 4 completed of about 4 s, 1 failed, each day at this hour.
  for (let day = 1; day < 30; day++) {
    await h.db.sql`INSERT INTO job_history_hours (hour, job_type, completed, failed, durations)
                   VALUES (${new Date(thisHour().getTime() - day * 24 * HOUR)}, 'test_script', 4, 1,
                           ${`{${[...Array(48).fill(0), 4].join(',')}}`}::int[])`;
  }
});
afterAll(async () => {
  await h?.close();
});

const within9 = (value: number, expected: number) => expect(Math.abs(value / expected - 1)).toBeLessThan(0.091);

describe('GET /api/job-types/:name/history', () => {
  it('per minute over 24 h: this minute’s finished, failed and cancelled jobs with p50/p95 of the completed', async () => {
    const res = await get('/api/job-types/test_script/history?range=24h');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ jobType: 'test_script', range: '24h', periodSeconds: 60 });
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(24 * HOUR);
    expect(body.points).toHaveLength(1);
    const [point] = body.points;
    expect(point).toMatchObject({ finished: 12, completed: 10, failed: 1, cancelled: 1 });
    expect(Date.parse(point.at)).toBe(Math.floor(Date.now() / 60_000) * 60_000);
    // Nine runs of about 1 s and one of 30 s: the median and the 95th percentile of the runs as
    // recorded (a few ms longer than set up: the statement ending each came later).
    const runs = (
      await h.db.sql`SELECT extract(epoch FROM completed_at - started_at)::float8 * 1000 AS ms FROM scheduled_jobs
                     WHERE status = 'completed' ORDER BY ms`
    ).map((r) => r.ms as number);
    expect(runs).toHaveLength(10);
    within9(point.p50Ms, runs[4] as number);
    within9(point.p95Ms, runs[9] as number);
    expect(body.totals).toEqual({ ...point, at: undefined, finished: 12 });
  });

  it('per hour over 30 days: the folded hours and this hour from its minutes', async () => {
    const body = (await get('/api/job-types/test_script/history?range=30d')).json();
    expect(body).toMatchObject({ range: '30d', periodSeconds: 3600 });
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(30 * 24 * HOUR);
    expect(body.points).toHaveLength(30);
    expect(
      body.points.slice(0, 29).every((p: { completed: number; failed: number }) => p.completed === 4 && p.failed === 1),
    ).toBe(true);
    within9(body.points[0].p50Ms, 2 ** (48.5 / 4));
    expect(body.points.at(-1)).toMatchObject({ at: thisHour().toISOString(), finished: 12 });
    expect(body.totals).toMatchObject({ completed: 29 * 4 + 10, failed: 29 + 1, cancelled: 1 });
  });

  it('a type without history has no points; an unknown type is a 404, a bad range a 400, no credential a 401', async () => {
    const empty = (await get('/api/job-types/weekly_digest/history')).json();
    expect(empty).toMatchObject({ range: '24h', points: [], totals: { finished: 0, p50Ms: null, p95Ms: null } });
    expect((await get('/api/job-types/no_such_type/history')).statusCode).toBe(404);
    const bad = await get('/api/job-types/test_script/history?range=7y');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBeTruthy();
    expect((await h.app.inject({ method: 'GET', url: '/api/job-types/test_script/history' })).statusCode).toBe(401);
  });
});

describe('GET /api/history/sparklines', () => {
  it('every type, finished and failed per hour over 24 h, dense', async () => {
    const body = (await get('/api/history/sparklines')).json();
    expect(body).toMatchObject({ range: '24h', periodSeconds: 3600 });
    const script = body.types.find((t: { jobType: string }) => t.jobType === 'test_script');
    expect(script.finished).toEqual([...Array(23).fill(0), 12]);
    expect(script.failed).toEqual([...Array(23).fill(0), 1]);
    const digest = body.types.find((t: { jobType: string }) => t.jobType === 'weekly_digest');
    expect(digest.finished).toEqual(Array(24).fill(0));
  });

  it('per day over 30 days', async () => {
    const body = (await get('/api/history/sparklines?range=30d')).json();
    const script = body.types.find((t: { jobType: string }) => t.jobType === 'test_script');
    expect(script.finished).toHaveLength(30);
    expect(script.finished.reduce((s: number, n: number) => s + n, 0)).toBe(29 * 5 + 12);
    expect(script.finished.at(-1)).toBeGreaterThanOrEqual(12);
    expect((await get('/api/history/sparklines?range=1w')).statusCode).toBe(400);
  });
});
