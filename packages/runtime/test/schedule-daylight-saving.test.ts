import { CronExpressionParser } from 'cron-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { slotsBetween } from '../src/schedules/slots.ts';
import { nextFiresYielding, nextFireTimes, scheduleRepeatStrategy } from '../src/schedules/timing.ts';

// "2026-03-29 03:30:00 CEST": the local time and the zone's name for its offset.
const local = (at: Date, timeZone: string) => {
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(at);
  const zone = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return `${day} ${zone}`;
};

async function fires(cron: string, timezone: string, from: string, count: number) {
  const found = await nextFiresYielding({ cron, everyMs: null, timezone }, count, new Date(from));
  return found.map((f) => ({ local: local(f.at, timezone), dst: f.dst?.kind ?? null, note: f.dst?.note }));
}

/** What BullMQ fires next at a given moment: its repeat strategy, asked at that time of a fake clock. */
function bullmqNext(cron: string, tz: string, at: string): string {
  vi.setSystemTime(new Date(at));
  const next = scheduleRepeatStrategy(Date.now(), { pattern: cron, tz }) as number;
  return local(new Date(next), tz);
}

describe('daylight saving: Europe/Berlin', () => {
  afterEach(() => vi.useRealTimers());

  it('spring: a skipped 02:30 fires once, at 03:30 CEST, marked; the days around it at 02:30', async () => {
    expect(await fires('30 2 * * *', 'Europe/Berlin', '2026-03-27T12:00:00Z', 3)).toEqual([
      { local: '2026-03-28 02:30:00 CET', dst: null, note: undefined },
      {
        local: '2026-03-29 03:30:00 CEST',
        dst: 'skipped',
        note: '02:30 does not exist on 29 Mar (clocks go forward); fires at 03:30 CEST',
      },
      { local: '2026-03-30 02:30:00 CEST', dst: null, note: undefined },
    ]);
    vi.useFakeTimers();
    expect(bullmqNext('30 2 * * *', 'Europe/Berlin', '2026-03-28T01:30:00Z')).toBe('2026-03-29 03:30:00 CEST');
  });

  it('spring: an hourly cron keeps firing every real hour (no 02:00 that does not exist)', async () => {
    const times = nextFireTimes(
      { cron: '0 * * * *', everyMs: null, timezone: 'Europe/Berlin' },
      3,
      new Date('2026-03-28T23:30:00Z'),
    );
    expect(times.map((t) => t.toISOString())).toEqual([
      '2026-03-29T00:00:00.000Z', // 01:00 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST
      '2026-03-29T02:00:00.000Z',
    ]);
    // The move of a skipped time that lands on a real fire is that fire, unmarked.
    expect((await fires('*/30 * * * *', 'Europe/Berlin', '2026-03-29T00:15:00Z', 2)).map((f) => f.dst)).toEqual([
      null,
      null,
    ]);
  });

  it('autumn: a repeated 02:30 fires once, at the first occurrence (CEST), marked', async () => {
    expect(await fires('30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', 2)).toEqual([
      {
        local: '2026-10-25 02:30:00 CEST',
        dst: 'repeated',
        note: '02:30 occurs twice on 25 Oct (clocks go back); fires once, at the first: 02:30 CEST',
      },
      { local: '2026-10-26 02:30:00 CET', dst: null, note: undefined },
    ]);
    vi.useFakeTimers();
    // Right after the first 02:30 (a fake clock at 02:30:01 CEST): the next is tomorrow, not 02:30 CET.
    expect(bullmqNext('30 2 * * *', 'Europe/Berlin', '2026-10-25T00:30:01Z')).toBe('2026-10-26 02:30:00 CET');
  });

  it('autumn: an hourly cron fires at both 02:00s, an hour apart', async () => {
    const found = await fires('0 * * * *', 'Europe/Berlin', '2026-10-24T23:30:00Z', 3);
    expect(found.map((f) => [f.local, f.dst])).toEqual([
      ['2026-10-25 02:00:00 CEST', 'repeated'],
      ['2026-10-25 02:00:00 CET', 'repeated'],
      ['2026-10-25 03:00:00 CET', null],
    ]);
    expect(found[0]?.note).toBe(
      '02:00 occurs twice on 25 Oct (clocks go back); fires at both, 02:00 CEST and 02:00 CET',
    );
    // Counting slots over the night agrees: 01:00, 02:00, 02:00, 03:00.
    const span = slotsBetween(
      { cron: '0 * * * *', everyMs: null, timezone: 'Europe/Berlin' },
      new Date('2026-10-24T22:30:00Z'),
      new Date('2026-10-25T02:00:00Z'),
      10,
    );
    expect(span?.count).toBe(4);
  });
});

describe('daylight saving: a 30-minute shift (Australia/Lord_Howe) and a 30-minute offset (Asia/Kolkata)', () => {
  afterEach(() => vi.useRealTimers());

  it('spring (02:00 → 02:30): a skipped 02:15 fires at 02:45; cron-parser alone would drop the day', async () => {
    expect(await fires('15 2 * * *', 'Australia/Lord_Howe', '2026-10-02T12:00:00Z', 3)).toEqual([
      { local: '2026-10-03 02:15:00 GMT+10:30', dst: null, note: undefined },
      {
        local: '2026-10-04 02:45:00 GMT+11',
        dst: 'skipped',
        note: '02:15 does not exist on 4 Oct (clocks go forward); fires at 02:45 GMT+11',
      },
      { local: '2026-10-05 02:15:00 GMT+11', dst: null, note: undefined },
    ]);
    const parser = CronExpressionParser.parse('15 2 * * *', {
      tz: 'Australia/Lord_Howe',
      currentDate: new Date('2026-10-03T12:00:00Z'),
    });
    expect(local(parser.next().toDate(), 'Australia/Lord_Howe')).toBe('2026-10-05 02:15:00 GMT+11');
    vi.useFakeTimers();
    expect(bullmqNext('15 2 * * *', 'Australia/Lord_Howe', '2026-10-03T12:00:00Z')).toBe('2026-10-04 02:45:00 GMT+11');
  });

  it('autumn (02:00 → 01:30): a repeated 01:45 fires once; every-30-minutes keeps its real period', async () => {
    expect(
      (await fires('45 1 * * *', 'Australia/Lord_Howe', '2026-04-04T12:00:00Z', 2)).map((f) => [f.local, f.dst]),
    ).toEqual([
      ['2026-04-05 01:45:00 GMT+11', 'repeated'],
      ['2026-04-06 01:45:00 GMT+10:30', null],
    ]);
    const halfHourly = await nextFiresYielding(
      { cron: '*/30 * * * *', everyMs: null, timezone: 'Australia/Lord_Howe' },
      5,
      new Date('2026-04-04T13:30:00Z'),
    );
    const gaps = halfHourly.slice(1).map((f, i) => f.at.getTime() - (halfHourly[i] as { at: Date }).at.getTime());
    expect(gaps).toEqual([1_800_000, 1_800_000, 1_800_000, 1_800_000]);
    // Where cron-parser runs out of steps on this night, BullMQ (with this strategy) still has a next fire.
    expect(() =>
      CronExpressionParser.parse('15 1 * * *', {
        tz: 'Australia/Lord_Howe',
        currentDate: new Date('2026-04-04T14:15:00Z'),
      }).next(),
    ).toThrow(/loop limit/);
    vi.useFakeTimers();
    expect(bullmqNext('15 1 * * *', 'Australia/Lord_Howe', '2026-04-04T14:15:00Z')).toBe(
      '2026-04-06 01:15:00 GMT+10:30',
    );
  });

  it('Asia/Kolkata (+05:30, no daylight saving) fires at its local time, never marked', async () => {
    expect(await fires('30 2 * * *', 'Asia/Kolkata', '2026-03-27T12:00:00Z', 2)).toEqual([
      { local: '2026-03-28 02:30:00 GMT+5:30', dst: null, note: undefined },
      { local: '2026-03-29 02:30:00 GMT+5:30', dst: null, note: undefined },
    ]);
  });
});
