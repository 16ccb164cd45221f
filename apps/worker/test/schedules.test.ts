import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: Harness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h?.close();
});

const put = (name: string, body: Record<string, unknown>) =>
  h.api.inject({ method: 'PUT', url: `/api/schedules/${name}`, headers: auth, payload: body });
const get = (url: string) => h.api.inject({ method: 'GET', url, headers: auth });
const runsOf = (name: string) =>
  h.sql`SELECT id, status, started_by, schedule_slot, tags FROM scheduled_jobs WHERE schedule_name = ${name} ORDER BY created_at`;

describe('schedules', () => {
  it('a schedule created through the API fires runs started by scheduler, each for its own slot and with its tags', async () => {
    const created = await put('noop-every-2s', { jobType: 'test_noop', everyMs: 2000, tags: ['nightly', 'team:ops'] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'noop-every-2s',
      jobType: 'test_noop',
      everyMs: 2000,
      cron: null,
      timezone: 'UTC',
      enabled: true,
      priority: 'MEDIUM',
      priorityOverride: null,
      lastRun: null,
      updatedBy: 'service',
    });
    // The first run fires one interval after creation (not at once), at the slot announced.
    const firstSlot = Date.parse(created.json().nextRunAt);
    expect(firstSlot - Date.parse(created.json().updatedAt)).toBe(2000);
    const preview = (await get('/api/schedules/noop-every-2s/preview?count=3'))
      .json()
      .times.map((t: { at: string }) => Date.parse(t.at));
    expect(preview).toEqual([firstSlot, firstSlot + 2000, firstSlot + 4000]);
    expect(await runsOf('noop-every-2s')).toHaveLength(0);

    await waitFor(
      'two scheduled runs to complete',
      async () => {
        const runs = await runsOf('noop-every-2s');
        return runs.filter((r) => r.status === 'completed').length >= 2;
      },
      { timeoutMs: 15_000 },
    );
    const runs = await runsOf('noop-every-2s');
    // Exactly the slots the preview named, in order.
    expect(runs.slice(0, 2).map((r) => Number(String(r.schedule_slot).split(':').pop()))).toEqual(preview.slice(0, 2));
    expect(runs.every((r) => r.started_by === 'scheduler')).toBe(true);
    expect(runs.map((r) => r.tags)).toEqual(runs.map(() => ['nightly', 'team:ops']));
    expect(new Set(runs.map((r) => r.schedule_slot)).size).toBe(runs.length);
    expect(runs[0]?.schedule_slot).toMatch(/^repeat:noop-every-2s:\d+$/);

    const listed = (await get('/api/schedules')).json().schedules;
    expect(listed.find((s: { name: string }) => s.name === 'noop-every-2s').lastRun).toMatchObject({
      id: expect.any(String),
      status: expect.any(String),
    });
  });

  it('disabling stops the runs and removes the BullMQ job scheduler', async () => {
    const res = await put('noop-every-2s', { enabled: false });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ enabled: false, nextRunAt: null });
    expect(await h.queues().schedules.getJobScheduler('noop-every-2s')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 500)); // a tick already on its way obeys the row
    const before = (await runsOf('noop-every-2s')).length;
    await new Promise((r) => setTimeout(r, 4500));
    expect((await runsOf('noop-every-2s')).length).toBe(before);
  });

  it('edits keep the fields they do not name; setting cron clears everyMs; the priority can be overridden', async () => {
    const res = await put('noop-every-2s', { cron: '0 9 * * 1', timezone: 'Europe/Paris', priority: 'HIGH' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      cron: '0 9 * * 1',
      everyMs: null,
      timezone: 'Europe/Paris',
      enabled: false,
      priority: 'HIGH',
      priorityOverride: 'HIGH',
    });
    const row = (await h.sql`SELECT * FROM schedules WHERE name = 'noop-every-2s'`)[0];
    expect(row).toMatchObject({ cron: '0 9 * * 1', every_ms: null, enabled: false, updated_by: 'service' });
  });

  it.each([
    [
      'words instead of a cron',
      { cron: 'every monday' },
      'invalid_schedule',
      /cron: "every monday" is not a cron expression; give the five fields minute hour day-of-month month day-of-week/,
    ],
    [
      'a cron with a field out of range',
      { cron: '0 25 * * *' },
      'invalid_schedule',
      /cron: "0 25 \* \* \*" is not a valid/,
    ],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, 'invalid_schedule', /IANA time zone/],
    ['a too short interval', { everyMs: 10 }, 'invalid_schedule', /everyMs: must be a whole number from 1000 to/],
    ['both cron and everyMs', { cron: '* * * * *', everyMs: 5000 }, 'invalid_schedule', /exactly one/],
    ['a payload the type refuses', { payload: { colour: 'red' } }, 'invalid_payload', /colour/],
    ['a new jobType', { jobType: 'test_script' }, 'validation_failed', /cannot change/],
    ['an unknown field', { owner: 'me' }, 'validation_failed', /owner/],
  ])('refuses %s with 400 and changes nothing', async (_name, body, code, message) => {
    const before = (await h.sql`SELECT * FROM schedules WHERE name = 'noop-every-2s'`)[0];
    const res = await put('noop-every-2s', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe(code);
    expect(res.json().message).toMatch(message);
    expect((await h.sql`SELECT * FROM schedules WHERE name = 'noop-every-2s'`)[0]).toEqual(before);
  });

  it('refuses to create a schedule of an unknown job type, and answers 404 for unknown names', async () => {
    const res = await put('mystery', { jobType: 'mine_bitcoin', everyMs: 5000 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('unknown_job_type');
    expect((await put('mystery', { enabled: true })).statusCode).toBe(404);
    expect((await get('/api/schedules/mystery')).statusCode).toBe(404);
    expect((await h.sql`SELECT 1 FROM schedules WHERE name = 'mystery'`).length).toBe(0);
  });

  it('runs a schedule now on request, even while it is disabled', async () => {
    const res = await h.api.inject({ method: 'POST', url: '/api/schedules/noop-every-2s/run', headers: auth });
    expect(res.statusCode).toBe(202);
    const done = await h.waitForStatus(res.json().id, 'completed');
    expect(done.priority).toBe('HIGH');
    const [row] =
      await h.sql`SELECT schedule_name, started_by, schedule_slot FROM scheduled_jobs WHERE id = ${res.json().id}`;
    expect(row).toEqual({ schedule_name: 'noop-every-2s', started_by: 'service', schedule_slot: null });
  });

  it("previews the next fire times in the schedule's time zone", async () => {
    const res = await get('/api/schedules/noop-every-2s/preview?count=3');
    expect(res.statusCode).toBe(200);
    const { times, timezone } = res.json();
    expect(timezone).toBe('Europe/Paris');
    expect(times).toHaveLength(3);
    for (const t of times) expect(t.local).toMatch(/ 09:00:00$/);
    expect(new Date(times[0].at).getUTCDay()).toBe(1);
    expect((await get('/api/schedules/noop-every-2s/preview?count=0')).statusCode).toBe(400);
  });

  it('audits every change with its actor', async () => {
    const rows =
      await h.sql`SELECT action, target, status_code FROM scheduler_audit_log WHERE action LIKE 'schedule.%'`;
    expect(rows).toContainEqual({ action: 'schedule.update', target: 'noop-every-2s', status_code: 201 });
    expect(rows).toContainEqual({ action: 'schedule.update', target: 'noop-every-2s', status_code: 400 });
    expect(rows).toContainEqual({ action: 'schedule.run', target: 'noop-every-2s', status_code: 202 });
  });
});

describe('a long interval', () => {
  it('fires first one interval after it is created or enabled again, not at once', async () => {
    const days25 = 25 * 24 * 3600 * 1000;
    const created = await put('noop-every-25d', { jobType: 'test_noop', everyMs: days25 });
    expect(created.statusCode).toBe(201);
    expect(Date.parse(created.json().nextRunAt) - Date.now()).toBeGreaterThan(days25 - 5000);
    expect((await put('noop-every-25d', { enabled: false })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const enabledAt = Date.now();
    const reenabled = await put('noop-every-25d', { enabled: true });
    expect(Date.parse(reenabled.json().nextRunAt)).toBeGreaterThanOrEqual(enabledAt + days25 - 1000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await runsOf('noop-every-25d')).toHaveLength(0);
    // BullMQ holds the same slot the API announced.
    expect((await h.queues().schedules.getJobScheduler('noop-every-25d'))?.next).toBe(
      Date.parse(reenabled.json().nextRunAt),
    );
  });
});

describe('an interval too long to fire', () => {
  it('is refused before anything is stored', async () => {
    const res = await put('too-rare', { jobType: 'update_metrics', everyMs: 9007199254740991, enabled: false });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_schedule' });
    expect(res.json().message).toMatch(/everyMs: must be a whole number from 1000 to 31622400000/);
    expect(await h.sql`SELECT 1 FROM schedules WHERE name = 'too-rare'`).toHaveLength(0);
  });

  it('stored before the bound existed, it breaks no listing and cannot be enabled', async () => {
    await h.sql`
      INSERT INTO schedules (name, job_type, every_ms, enabled)
      VALUES ('stored-too-rare', 'update_metrics', 9007199254740991, false)`;
    const list = await get('/api/schedules');
    expect(list.statusCode).toBe(200);
    expect(list.json().schedules.find((s: { name: string }) => s.name === 'stored-too-rare')).toMatchObject({
      nextRunAt: null,
    });
    expect((await get('/api/job-types')).statusCode).toBe(200);
    const preview = await get('/api/schedules/stored-too-rare/preview');
    expect(preview.statusCode).toBe(200);
    expect(preview.json().times).toEqual([]);

    const enable = await put('stored-too-rare', { enabled: true });
    expect(enable.statusCode).toBe(400);
    expect(enable.json().message).toMatch(/everyMs/);
    expect((await h.sql`SELECT enabled FROM schedules WHERE name = 'stored-too-rare'`)[0]?.enabled).toBe(false);
    expect(await h.queues().schedules.getJobScheduler('stored-too-rare')).toBeUndefined();
    expect(await runsOf('stored-too-rare')).toHaveLength(0);
    expect((await get('/api/schedules')).statusCode).toBe(200);
  });
});

describe('a schedule edit while Redis is away', () => {
  it('answers 503 and changes nothing, so the table never disagrees with what fires', async () => {
    const { buildApp, createApiDeps } = await import('@scheduler/api');
    const { testApiConfig, testJobs } = await import('@scheduler/testing');
    const cutOff = await buildApp(
      createApiDeps(
        testApiConfig({ databaseUrl: h.db.url, queuePrefix: h.queuePrefix }, { REDIS_URL: 'redis://127.0.0.1:1' }),
        { extraJobs: testJobs },
      ),
      { logger: false },
    );
    try {
      const before = (await h.sql`SELECT * FROM schedules WHERE name = 'noop-every-2s'`)[0];
      const res = await cutOff.inject({
        method: 'PUT',
        url: '/api/schedules/noop-every-2s',
        headers: auth,
        payload: { enabled: true },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: 'schedule_not_applied' });
      expect((await h.sql`SELECT * FROM schedules WHERE name = 'noop-every-2s'`)[0]).toEqual(before);
    } finally {
      await cutOff.close();
    }
  });
});
