import { waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What a new admin meets when they make, change and remove schedules. */
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h?.close();
});

const put = (name: string, body: Record<string, unknown>) => h.call('PUT', `/api/schedules/${name}`, body);
const call = (method: 'GET' | 'DELETE' | 'POST', url: string) => h.call(method, url);

describe('schedules as an admin meets them', () => {
  it('describes the timing from the cron itself, so a changed cron is never described by its old words', async () => {
    const created = await put('hourly-then-daily', {
      jobType: 'test_script',
      cron: '0 * * * *',
      description: 'Sweeps the test data',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ when: 'Every hour (UTC)', description: 'Sweeps the test data' });

    const changed = await put('hourly-then-daily', { cron: '30 9 * * 1-5', timezone: 'Europe/London' });
    expect(changed.json()).toMatchObject({
      when: 'At 09:30, Monday through Friday (Europe/London)',
      description: 'Sweeps the test data',
    });
    const described = await put('hourly-then-daily', { description: 'Sweeps on weekday mornings' });
    expect(described.json().description).toBe('Sweeps on weekday mornings');
    const interval = await put('hourly-then-daily', { everyMs: 90 * 60_000 });
    expect(interval.json().when).toBe('Every 1 hour 30 minutes');
  });

  it('refuses a seconds cron unless the job type allows runs more often than once a minute', async () => {
    const refused = await put('every-5s', { jobType: 'test_script', cron: '*/5 * * * * *' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/six fields, the first being seconds.*five fields minute hour/);
    expect(await h.sql`SELECT 1 FROM schedules WHERE name = 'every-5s'`).toHaveLength(0);
    // test_noop declares secondsInCron.
    const allowed = await put('every-5s', { jobType: 'test_noop', cron: '*/5 * * * * *', enabled: false });
    expect(allowed.statusCode).toBe(201);
    expect(allowed.json().when).toBe('Every 5 seconds (UTC)');
  });

  it('stores the canonical name of a time zone typed in another case', async () => {
    const res = await put('berlin-mornings', { jobType: 'test_script', cron: '0 7 * * *', timezone: 'europe/berlin' });
    expect(res.statusCode).toBe(201);
    expect(res.json().timezone).toBe('Europe/Berlin');
    const [row] = await h.sql`SELECT timezone FROM schedules WHERE name = 'berlin-mornings'`;
    expect(row?.timezone).toBe('Europe/Berlin');
    expect((await h.queues().schedules.getJobScheduler('berlin-mornings'))?.tz).toBe('Europe/Berlin');
  });

  it('removes a schedule: the row, its timer in Redis, audited; its past runs keep its name', async () => {
    expect((await put('to-remove', { jobType: 'test_noop', everyMs: 60_000 })).statusCode).toBe(201);
    expect(await h.queues().schedules.getJobScheduler('to-remove')).toBeDefined();
    const run = await call('POST', '/api/schedules/to-remove/run');
    await h.waitForStatus(run.json().id, 'completed');

    const res = await call('DELETE', '/api/schedules/to-remove');
    expect(res.statusCode).toBe(200);
    expect(res.json().removed).toMatchObject({ name: 'to-remove', jobType: 'test_noop', everyMs: 60_000 });
    expect(await h.queues().schedules.getJobScheduler('to-remove')).toBeUndefined();
    expect((await call('GET', '/api/schedules/to-remove')).statusCode).toBe(404);
    expect((await call('DELETE', '/api/schedules/to-remove')).statusCode).toBe(404);
    const [job] = await h.sql`SELECT schedule_name FROM scheduled_jobs WHERE id = ${run.json().id}`;
    expect(job?.schedule_name).toBe('to-remove');
    // Audit rows are written once each answer is sent: wait for the second one.
    const audit = await waitFor('both deletes audited', async () => {
      const rows = await h.sql`
        SELECT target, status_code, actor_kind FROM scheduler_audit_log WHERE action = 'schedule.delete' ORDER BY id`;
      return rows.length >= 2 ? rows : null;
    });
    expect(audit.map((r) => [r.target, r.status_code, r.actor_kind])).toEqual([
      ['to-remove', 200, 'service'],
      ['to-remove', 404, 'service'],
    ]);
    // It can be made again under the same name.
    expect((await put('to-remove', { jobType: 'test_noop', everyMs: 60_000, enabled: false })).statusCode).toBe(201);
  });

  it('checks a timing as an editor types it, without storing anything, and marks daylight-saving shifts', async () => {
    const bad = await call('GET', '/api/schedule-preview?cron=every%20monday');
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({
      problems: [expect.stringMatching(/not a cron expression/)],
      when: null,
      times: [],
    });
    // Daily at 09:00 in Berlin across the end of summer time (25 October 2026).
    const res = await call(
      'GET',
      '/api/schedule-preview?cron=0%209%20*%20*%20*&timezone=europe/berlin&count=3&from=2026-10-24T12:00:00Z',
    );
    const preview = res.json();
    expect(preview).toMatchObject({ problems: [], when: 'At 09:00 (Europe/Berlin)', timezone: 'Europe/Berlin' });
    expect(preview.times).toEqual([
      {
        at: '2026-10-25T08:00:00.000Z',
        local: '2026-10-25 09:00:00',
        utcOffset: 'GMT+01:00',
        offsetChanged: false,
        dst: null,
      },
      {
        at: '2026-10-26T08:00:00.000Z',
        local: '2026-10-26 09:00:00',
        utcOffset: 'GMT+01:00',
        offsetChanged: false,
        dst: null,
      },
      {
        at: '2026-10-27T08:00:00.000Z',
        local: '2026-10-27 09:00:00',
        utcOffset: 'GMT+01:00',
        offsetChanged: false,
        dst: null,
      },
    ]);
    const before = (
      await call(
        'GET',
        '/api/schedule-preview?cron=0%209%20*%20*%20*&timezone=Europe/Berlin&count=2&from=2026-10-24T00:00:00Z',
      )
    ).json();
    expect(
      before.times.map((t: { utcOffset: string; offsetChanged: boolean }) => [t.utcOffset, t.offsetChanged]),
    ).toEqual([
      ['GMT+02:00', false],
      ['GMT+01:00', true],
    ]);
    expect(await h.sql`SELECT 1 FROM schedules WHERE cron = '0 9 * * *'`).toHaveLength(0);
  });

  it('counts only runs its timer started as its last success for the missed-run alert', async () => {
    expect((await put('manual-only', { jobType: 'test_noop', cron: '0 3 1 1 *' })).statusCode).toBe(201);
    const run = await call('POST', '/api/schedules/manual-only/run');
    await h.waitForStatus(run.json().id, 'completed');
    const metrics = (await call('GET', '/metrics')).body;
    // A manual run that succeeded says nothing about whether the schedule fires.
    expect(metrics).not.toMatch(/scheduler_schedule_last_success_timestamp_seconds\{schedule="manual-only"\}/);
  });
});
