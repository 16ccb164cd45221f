import { createScheduleMisses } from '@scheduler/db';
import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Pause, resume and reset of a schedule, and its missed-run and overlap policies, as the API takes them. */
let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
    ...(payload !== undefined ? { payload } : {}),
  });
const rowOf = async (name: string) => (await h.db.sql`SELECT * FROM schedules WHERE name = ${name}`)[0];
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const auditOf = (action: string) =>
  h.db.sql`SELECT target, status_code, details FROM scheduler_audit_log WHERE action = ${action} ORDER BY id`;

describe('pause, resume and reset', () => {
  it('pauses until a time and resumes on request, each audited', async () => {
    expect((await call('PUT', '/api/schedules/nightly', { jobType: 'test_noop', cron: '0 3 * * *' })).statusCode).toBe(
      201,
    );
    const until = inHours(5);
    const paused = await call('POST', '/api/schedules/nightly/pause', { until });
    expect(paused.statusCode).toBe(200);
    expect(paused.json().pause).toEqual({
      until: new Date(until).toISOString(),
      by: 'service',
      at: expect.any(String),
    });
    expect(await rowOf('nightly')).toMatchObject({ paused_until: new Date(until), paused_by: 'service' });
    // Shown wherever the schedule is listed.
    const listed = (await call('GET', '/api/schedules')).json().schedules;
    expect(listed.find((s: { name: string }) => s.name === 'nightly').pause.until).toBe(new Date(until).toISOString());

    const resumed = await call('POST', '/api/schedules/nightly/resume');
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json().pause).toBeNull();
    // Ended now: the slots the pause held stay neither run nor missed.
    const row = await rowOf('nightly');
    expect(row?.paused_until.getTime()).toBeLessThanOrEqual(Date.now());
    expect(row?.paused_until.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const audited = await waitFor('pause and resume audited', async () => {
      const [pauses, resumes] = [await auditOf('schedule.pause'), await auditOf('schedule.resume')];
      return pauses.length && resumes.length ? { pauses, resumes } : null;
    });
    expect(audited.pauses).toEqual([{ target: 'nightly', status_code: 200, details: { until } }]);
    expect(audited.resumes).toEqual([{ target: 'nightly', status_code: 200, details: {} }]);
  });

  it('names as the next run the first slot after the pause, on its page, in lists and in the job types', async () => {
    expect(
      (await call('PUT', '/api/schedules/hourly-paused', { jobType: 'test_noop', cron: '0 * * * *' })).statusCode,
    ).toBe(201);
    const until = new Date(Date.now() + 5 * 3_600_000 + 30 * 60_000);
    expect((await call('POST', '/api/schedules/hourly-paused/pause', { until: until.toISOString() })).statusCode).toBe(
      200,
    );
    // A slot up to the pause's end does not run (firing.ts), so the next run is the hour after it.
    const firstAfter = new Date(until);
    firstAfter.setUTCMinutes(0, 0, 0);
    firstAfter.setUTCHours(firstAfter.getUTCHours() + 1);
    const expected = firstAfter.toISOString();
    expect((await call('GET', '/api/schedules/hourly-paused')).json().nextRunAt).toBe(expected);
    const listed = (await call('GET', '/api/schedules')).json().schedules;
    expect(listed.find((s: { name: string }) => s.name === 'hourly-paused').nextRunAt).toBe(expected);
    const types = (await call('GET', '/api/job-types')).json().jobTypes;
    const ofType = types.find((t: { name: string }) => t.name === 'test_noop').schedules;
    expect(ofType.find((s: { name: string }) => s.name === 'hourly-paused').nextRunAt).toBe(expected);

    const resumed = await call('POST', '/api/schedules/hourly-paused/resume');
    expect(Date.parse(resumed.json().nextRunAt)).toBeLessThanOrEqual(Date.now() + 3_600_000);
    await call('DELETE', '/api/schedules/hourly-paused');
  });

  it.each([
    ['a time in the past', 'nightly', { until: inHours(-1) }, 400, 'validation_failed', /in the future/],
    ['more than 90 days ahead', 'nightly', { until: inHours(91 * 24) }, 400, 'validation_failed', /90 days/],
    ['no date-time', 'nightly', { until: 'tomorrow' }, 400, 'validation_failed', /ISO 8601/],
    ['no until', 'nightly', {}, 400, 'validation_failed', /until/],
    ['an unknown field', 'nightly', { until: inHours(1), reason: 'x' }, 400, 'validation_failed', /reason/],
    ['an unknown schedule', 'nope', { until: inHours(1) }, 404, 'not_found', /nope/],
  ])('refuses a pause with %s, writing nothing', async (_what, name, body, status, code, message) => {
    const before = await rowOf('nightly');
    const res = await call('POST', `/api/schedules/${name}/pause`, body);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error: code, message: expect.stringMatching(message) });
    expect(await rowOf('nightly')).toEqual(before);
  });

  it('refuses to resume a schedule that is not paused, and to reset one no code declares', async () => {
    const before = await rowOf('nightly');
    const resume = await call('POST', '/api/schedules/nightly/resume');
    expect(resume.statusCode).toBe(409);
    expect(resume.json()).toMatchObject({ error: 'not_paused' });
    const reset = await call('POST', '/api/schedules/nightly/reset');
    expect(reset.statusCode).toBe(409);
    expect(reset.json()).toMatchObject({ error: 'not_declared', message: expect.stringMatching(/not declared/) });
    expect((await call('POST', '/api/schedules/nope/reset')).statusCode).toBe(404);
    expect((await call('POST', '/api/schedules/nope/resume')).statusCode).toBe(404);
    expect(await rowOf('nightly')).toEqual(before);
    // Refusals are audited too.
    const resets = await waitFor('the resets audited', async () => {
      const rows = await auditOf('schedule.reset');
      return rows.length >= 2 ? rows : null;
    });
    expect(resets.map((r) => [r.target, r.status_code])).toEqual([
      ['nightly', 409],
      ['nope', 404],
    ]);
  });
});

describe('missed-run and overlap policies', () => {
  it('takes a catch-up with both bounds, and drops them when the policy leaves catch-up', async () => {
    const res = await call('PUT', '/api/schedules/nightly', {
      missedPolicy: 'catch_up',
      catchUpMax: 3,
      catchUpWindowMs: 6 * 3_600_000,
      overlapPolicy: 'queue',
      graceMs: 30_000,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      missedPolicy: 'catch_up',
      catchUpMax: 3,
      catchUpWindowMs: 6 * 3_600_000,
      overlapPolicy: 'queue',
      graceMs: 30_000,
      graceMsOverride: 30_000,
    });
    const skip = await call('PUT', '/api/schedules/nightly', { missedPolicy: 'skip', graceMs: null });
    expect(skip.json()).toMatchObject({
      missedPolicy: 'skip',
      catchUpMax: null,
      catchUpWindowMs: null,
      // The default: half of a day's period, at most 10 minutes.
      graceMs: 600_000,
      graceMsOverride: null,
    });
  });

  it.each([
    ['a catch-up without its bounds', { missedPolicy: 'catch_up' }, /needs both catchUpMax and catchUpWindowMs/],
    ['a catch-up with one bound', { missedPolicy: 'catch_up', catchUpMax: 2 }, /needs both/],
    ['bounds without a catch-up', { catchUpMax: 2, catchUpWindowMs: 60_000 }, /catch_up only/],
    ['too many catch-up runs', { missedPolicy: 'catch_up', catchUpMax: 101, catchUpWindowMs: 60_000 }, /catchUpMax/],
    ['a grace under 100 ms', { graceMs: 50 }, /graceMs/],
    ['an unknown missed policy', { missedPolicy: 'later' }, /missedPolicy/],
    ['an unknown overlap policy', { overlapPolicy: 'both' }, /overlapPolicy/],
  ])('refuses %s with 400, writing nothing', async (_what, body, message) => {
    const before = await rowOf('nightly');
    const res = await call('PUT', '/api/schedules/nightly', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
    expect(await rowOf('nightly')).toEqual(before);
  });

  it('starts the slots afresh on a new timing or an enabling, and not on other edits', async () => {
    const slotOf = async () => (await rowOf('nightly'))?.last_slot_at.getTime() as number;
    // Each step on a later millisecond than the one before.
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const created = await slotOf();
    await call('PUT', '/api/schedules/nightly', { description: 'Sweeps' });
    expect(await slotOf()).toBe(created);
    await tick();
    await call('PUT', '/api/schedules/nightly', { cron: '0 4 * * *' });
    const retimed = await slotOf();
    expect(retimed).toBeGreaterThan(created);
    await call('PUT', '/api/schedules/nightly', { enabled: false });
    expect(await slotOf()).toBe(retimed);
    await tick();
    await call('PUT', '/api/schedules/nightly', { enabled: true });
    expect(await slotOf()).toBeGreaterThan(retimed);
  });
});

describe('what a schedule missed', () => {
  it("shows the newest settling in words, in the schedule's zone", async () => {
    await call('PUT', '/api/schedules/nightly', { timezone: 'Europe/Berlin' });
    const misses = createScheduleMisses(h.db.sql);
    await misses.record({
      scheduleName: 'nightly',
      firstSlotAt: new Date('2026-12-01T01:00:00Z'),
      lastSlotAt: new Date('2026-12-01T04:00:00Z'),
      slots: 3,
      policy: 'run_once',
      action: 'ran_once',
      runIds: ['7f9c2b1e-3d4a-4c5b-8e6f-0a1b2c3d4e5f'],
    });
    await h.db.sql`UPDATE schedule_misses SET settled_at = '2026-12-01T04:02:00Z'`;
    const view = (await call('GET', '/api/schedules/nightly')).json();
    expect(view.lastMiss).toMatchObject({
      scheduleName: 'nightly',
      slots: 3,
      action: 'ran_once',
      summary: 'missed 02:00–05:00 (3 slots): ran once at 05:02',
    });
  });
});
