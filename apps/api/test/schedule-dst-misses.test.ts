import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The preview's daylight-saving marks, and the missed-slot reports of a schedule. */
let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
const get = (url: string) => h.app.inject({ method: 'GET', url, headers: auth });

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('schedule preview across daylight-saving changes', () => {
  it('marks a skipped local time with where it fires instead, and a repeated one with which it takes', async () => {
    const spring = (
      await get(
        '/api/schedule-preview?cron=30%202%20*%20*%20*&timezone=Europe/Berlin&count=2&from=2026-03-28T12:00:00Z',
      )
    ).json();
    expect(spring.times).toEqual([
      {
        at: '2026-03-29T01:30:00.000Z',
        local: '2026-03-29 03:30:00',
        utcOffset: 'GMT+02:00',
        offsetChanged: false,
        dst: { kind: 'skipped', note: '02:30 does not exist on 29 Mar (clocks go forward); fires at 03:30 CEST' },
      },
      {
        at: '2026-03-30T00:30:00.000Z',
        local: '2026-03-30 02:30:00',
        utcOffset: 'GMT+02:00',
        offsetChanged: false,
        dst: null,
      },
    ]);
    const autumn = (
      await get(
        '/api/schedule-preview?cron=30%202%20*%20*%20*&timezone=Europe/Berlin&count=2&from=2026-10-24T12:00:00Z',
      )
    ).json();
    expect(autumn.times.map((t: { local: string; dst: unknown }) => [t.local, t.dst])).toEqual([
      [
        '2026-10-25 02:30:00',
        {
          kind: 'repeated',
          note: '02:30 occurs twice on 25 Oct (clocks go back); fires once, at the first: 02:30 CEST',
        },
      ],
      ['2026-10-26 02:30:00', null],
    ]);
    // A 30-minute shift: Lord Howe Island goes from +10:30 to +11 at 02:00 on 4 October 2026.
    const lordHowe = (
      await get(
        '/api/schedule-preview?cron=15%202%20*%20*%20*&timezone=Australia/Lord_Howe&count=1&from=2026-10-03T12:00:00Z',
      )
    ).json();
    expect(lordHowe.times[0]).toMatchObject({ local: '2026-10-04 02:45:00', dst: { kind: 'skipped' } });
  });
});

describe('GET /api/schedules/:name/misses', () => {
  it('lists none for a schedule that missed nothing; 404 for an unknown one; 400 for a bad limit', async () => {
    const created = await h.app.inject({
      method: 'PUT',
      url: '/api/schedules/never-missed',
      headers: auth,
      payload: { jobType: 'test_noop', cron: '0 3 * * *', enabled: false },
    });
    expect(created.statusCode).toBe(201);
    expect((await get('/api/schedules/never-missed/misses')).json()).toEqual({ misses: [] });
    const unknown = await get('/api/schedules/no-such/misses');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'not_found' });
    expect((await get('/api/schedules/never-missed/misses?limit=0')).statusCode).toBe(400);
    expect((await get('/api/schedules/never-missed/misses?limit=abc')).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/api/schedules/never-missed/misses' })).statusCode).toBe(401);
  });

  it('says each settling in words, in the schedule’s zone', async () => {
    await h.db.sql`
      INSERT INTO schedule_misses (schedule_name, first_slot_at, last_slot_at, slots, policy, action, run_ids, settled_at)
      VALUES ('never-missed', '2026-12-06T01:00:00Z', '2026-12-06T04:00:00Z', 4, 'skip', 'skipped', '{}',
              '2026-12-06T04:02:00Z')`;
    await h.db.sql`UPDATE schedules SET timezone = 'Europe/Berlin' WHERE name = 'never-missed'`;
    const [miss] = (await get('/api/schedules/never-missed/misses?limit=1')).json().misses;
    expect(miss).toMatchObject({
      scheduleName: 'never-missed',
      firstSlotAt: '2026-12-06T01:00:00.000Z',
      slots: 4,
      policy: 'skip',
      action: 'skipped',
      runIds: [],
      summary: 'missed 02:00–05:00 (4 slots): skipped',
    });
  });
});
