import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
const get = (url: string) => h.app.inject({ method: 'GET', url, headers: auth });

/** A row as the lifecycle would have left it, created and changed `minutesAgo`. */
async function row(type: string, status: string, minutesAgo: number, more: { attempts?: number; error?: string } = {}) {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  const [r] = await h.db.sql`
    INSERT INTO scheduled_jobs (job_type, status, attempts, error, created_at, updated_at, started_at, completed_at, progress)
    VALUES (${type}, ${status}, ${more.attempts ?? 0}, ${more.error ?? null}, ${at}, ${at},
            ${status === 'pending' ? null : at},
            ${['completed', 'failed'].includes(status) ? new Date(at.getTime() + 10_000) : null},
            ${status === 'running' ? h.db.sql.json({ percent: 50 }) : null})
    RETURNING id`;
  // Its attempts, each failed when the row last changed (as the lifecycle records a failed attempt).
  for (let n = 1; n <= (more.attempts ?? 0); n++) {
    await h.db.sql`
      INSERT INTO job_attempts (job_id, number, reason, started_at, ended_at, outcome, error)
      VALUES (${r?.id as string}, ${n}, ${n === 1 ? 'first' : 'retry'}, ${at}, ${at}, 'failed', ${more.error ?? null})`;
  }
  return r?.id as string;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await createApiHarness();
  // History for estimates: test_script runs take 10 s.
  for (let i = 0; i < 5; i++) await row('test_script', 'completed', 60 + i);
  ids.olderRunning = await row('test_script', 'running', 5);
  ids.newerRunning = await row('test_script', 'running', 1);
  ids.queued = await row('test_script', 'pending', 0);
  // crawl_pending backs off 30 s, then 60 s: the one that failed its second attempt a minute
  // ago retries at about now, the one that failed its first just now in 30 s.
  ids.retryLater = await row('crawl_pending', 'pending', 0, { attempts: 1, error: 'timeout' });
  ids.retrySooner = await row('crawl_pending', 'pending', 1, { attempts: 2, error: 'timeout' });
  ids.inPausedQueue = await row('test_noop', 'pending', 3);
  for (let i = 0; i < 6; i++) ids[`failed${i}`] = await row('crawl_pending', 'failed', 10 + i, { error: `boom ${i}` });
  const paused = await h.app.inject({ method: 'POST', url: '/api/queues/test_noop/pause', headers: auth });
  expect(paused.statusCode, paused.body).toBe(200);
  for (const [name, cron] of [
    ['hourly', '0 * * * *'],
    ['yearly', '0 0 1 1 *'],
    ['minutely', '* * * * *'],
  ] as const) {
    const res = await h.app.inject({
      method: 'PUT',
      url: `/api/schedules/${name}`,
      headers: auth,
      payload: { jobType: 'test_noop', cron, enabled: true },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  const off = await h.app.inject({
    method: 'PUT',
    url: '/api/schedules/off',
    headers: auth,
    payload: { jobType: 'test_noop', cron: '* * * * *', enabled: false },
  });
  expect(off.statusCode, off.body).toBeLessThan(300);
});
afterAll(async () => {
  await h?.close();
});

describe('GET /api/overview', () => {
  it('answers the whole Overview in one read', async () => {
    const res = await get('/api/overview?days=1');
    expect(res.statusCode).toBe(200);
    const overview = res.json();

    expect(overview.running.map((j: { id: string }) => j.id)).toEqual([ids.newerRunning, ids.olderRunning]);
    expect(overview.runningTotal).toBe(2);
    expect(overview.running[0]).toMatchObject({ display: { state: 'running' }, actions: ['cancel'] });
    // Half done in a minute, against runs of 10 s: it goes by its own pace.
    expect(overview.running[0].eta).toMatchObject({ basis: 'progress' });

    // Waiting to retry, soonest first, then those in a paused queue; the plainly queued job is not waiting.
    expect(overview.waiting.map((j: { id: string }) => j.id)).toEqual([
      ids.retrySooner,
      ids.retryLater,
      ids.inPausedQueue,
    ]);
    expect(overview.waitingTotal).toBe(3);
    expect(overview.waiting.map((j: { display: { state: string } }) => j.display.state)).toEqual([
      'waiting_to_retry',
      'waiting_to_retry',
      'paused',
    ]);

    expect(overview.recentFailures.map((j: { id: string }) => j.id)).toEqual(
      [0, 1, 2, 3, 4].map((i) => ids[`failed${i}`]),
    );
    expect(overview.recentFailures[0]).toMatchObject({ error: 'boom 0', actions: ['retry', 'edit_and_retry'] });

    const types = new Map(overview.types.map((t: { jobType: string }) => [t.jobType, t]));
    expect(types.get('test_noop')).toMatchObject({ queue: { paused: true } });
    expect(types.get('crawl_pending')).toMatchObject({ counts: { failed: 6, pending: 2 }, queue: { paused: false } });
    expect(overview.pausedQueues).toEqual(['test_noop']);

    // Enabled schedules only, soonest first (at the turn of an hour `minutely` and `hourly` fire
    // at the same moment, in either order).
    const runs = overview.nextRuns as Array<{ name: string; nextRunAt: string }>;
    expect(runs.map((r) => r.name).sort()).toEqual(['hourly', 'minutely', 'yearly']);
    const times = runs.map((r) => Date.parse(r.nextRunAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(runs.at(-1)?.name).toBe('yearly');
    expect(runs.find((r) => r.name === 'minutely')?.nextRunAt).toBe(runs[0]?.nextRunAt);
    expect(overview.nextRuns[0]).toMatchObject({ jobType: 'test_noop', when: expect.any(String) });
    expect(Date.parse(overview.nextRuns[0].nextRunAt)).toBeGreaterThan(Date.now() - 1000);
  });

  it('shows a schedule paused until a time as paused, not among the next runs, until that time has come', async () => {
    const until = new Date(Date.now() + 3_600_000);
    // As a pause leaves it (the pause route is the schedule service's; the Overview reads the row).
    await h.db.sql`
      UPDATE schedules SET paused_until = ${until}, paused_by = 'service:test', paused_at = now() WHERE name = 'hourly'`;
    try {
      const paused = (await get('/api/overview')).json();
      expect(paused.nextRuns.map((r: { name: string }) => r.name)).not.toContain('hourly');
      expect(paused.pausedSchedules).toEqual([
        { name: 'hourly', jobType: 'test_noop', until: until.toISOString(), by: 'service:test', timezone: 'UTC' },
      ]);
      // A pause whose time has passed is over: the schedule is among the next runs again.
      await h.db.sql`UPDATE schedules SET paused_until = now() - interval '1 second' WHERE name = 'hourly'`;
      const over = (await get('/api/overview')).json();
      expect(over.pausedSchedules).toEqual([]);
      expect(over.nextRuns.map((r: { name: string }) => r.name)).toContain('hourly');
    } finally {
      await h.db
        .sql`UPDATE schedules SET paused_until = NULL, paused_by = NULL, paused_at = NULL WHERE name = 'hourly'`;
    }
  });

  it('refuses days other than 1, 7 or 30', async () => {
    for (const days of ['2', '0', 'week']) {
      const res = await get(`/api/overview?days=${days}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/days/);
    }
    expect((await get('/api/overview?days=30')).statusCode).toBe(200);
  });
});
