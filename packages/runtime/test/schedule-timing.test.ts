import { getNextMillis } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  FiresTooRarelyError,
  nextFireTime,
  nextFireTimes,
  nextFireTimesYielding,
  timingProblems,
} from '../src/schedules/timing.ts';

const local = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);

describe('schedule timing', () => {
  it("names a zone by IANA's current name, whatever the case given or the older name Node's ICU answers", () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('asia/calcutta')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('Asia/Kathmandu')).toBe('Asia/Kathmandu');
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    // Every name it answers is one the cron parser BullMQ fires with takes.
    for (const zone of ['Asia/Kolkata', 'Europe/Kyiv', 'America/Nuuk', 'Pacific/Kanton']) {
      expect(CronExpressionParser.parse('0 9 * * *', { tz: zone }).next().toDate()).toBeInstanceOf(Date);
    }
  });

  it('keeps 09:00 local across the spring DST change in Europe/London, as cron-parser computes it', () => {
    const timing = { cron: '0 9 * * *', everyMs: null, timezone: 'Europe/London' };
    const from = new Date('2027-03-26T12:00:00Z');
    const times = nextFireTimes(timing, 4, from);
    // Clocks go forward on Sunday 28 March 2027: 09:00 GMT is 09:00Z, 09:00 BST is 08:00Z.
    expect(times.map((t) => t.toISOString())).toEqual([
      '2027-03-27T09:00:00.000Z',
      '2027-03-28T08:00:00.000Z',
      '2027-03-29T08:00:00.000Z',
      '2027-03-30T08:00:00.000Z',
    ]);
    expect(times.map((t) => local(t, 'Europe/London'))).toEqual([
      '2027-03-27 09:00',
      '2027-03-28 09:00',
      '2027-03-29 09:00',
      '2027-03-30 09:00',
    ]);
    const parser = CronExpressionParser.parse('0 9 * * *', { tz: 'Europe/London', currentDate: from });
    expect(parser.take(4).map((d) => d.toISOString())).toEqual(times.map((t) => t.toISOString()));
  });

  it('agrees with cron-parser on a slot that does not exist or exists twice (01:30 on change days)', () => {
    for (const from of ['2027-03-27T12:00:00Z', '2026-10-24T12:00:00Z']) {
      const timing = { cron: '30 1 * * *', everyMs: null, timezone: 'Europe/London' };
      const ours = nextFireTimes(timing, 3, new Date(from)).map((t) => t.toISOString());
      const theirs = CronExpressionParser.parse('30 1 * * *', { tz: 'Europe/London', currentDate: new Date(from) })
        .take(3)
        .map((d) => d.toISOString());
      expect(ours).toEqual(theirs);
    }
  });

  it('counts interval slots from the anchor, the first one interval after it', () => {
    const timing = {
      cron: null,
      everyMs: 60_000,
      timezone: 'UTC',
      everyAnchorAt: new Date('2026-11-28T10:00:12.345Z'),
    };
    // Right after the anchor: the first slot is one interval later, not now and not on the minute.
    expect(nextFireTimes(timing, 2, new Date('2026-11-28T10:00:12.345Z')).map((t) => t.toISOString())).toEqual([
      '2026-11-28T10:01:12.345Z',
      '2026-11-28T10:02:12.345Z',
    ]);
    // Later on: the next slot of the same phase.
    expect(nextFireTimes(timing, 2, new Date('2026-11-28T12:34:56Z')).map((t) => t.toISOString())).toEqual([
      '2026-11-28T12:35:12.345Z',
      '2026-11-28T12:36:12.345Z',
    ]);
    // Without an anchor (not stored yet), the anchor is now.
    expect(
      nextFireTimes({ ...timing, everyAnchorAt: null }, 1, new Date('2026-11-28T10:00:00.5Z'))[0]?.toISOString(),
    ).toBe('2026-11-28T10:01:00.500Z');
  });

  it('says what is wrong with a timing', () => {
    expect(timingProblems({ cron: '0 9 * * 1', everyMs: null, timezone: 'Europe/Paris' })).toEqual([]);
    expect(timingProblems({ cron: 'every monday', everyMs: null, timezone: 'UTC' })[0]).toMatch(
      /^cron: "every monday"/,
    );
    expect(timingProblems({ cron: '0 9 * * 1', everyMs: null, timezone: 'Mars/Olympus' })[0]).toMatch(/IANA time zone/);
    expect(timingProblems({ cron: '0 9 * * 1', everyMs: 5000, timezone: 'UTC' })).toEqual([
      'give exactly one of cron and everyMs',
    ]);
    expect(timingProblems({ cron: null, everyMs: 10, timezone: 'UTC' })[0]).toMatch(
      /everyMs: must be a whole number from 1000 to/,
    );
    expect(timingProblems({ cron: null, everyMs: 9007199254740991, timezone: 'UTC' })[0]).toMatch(/366 days/);
    expect(timingProblems({ cron: null, everyMs: 366 * 24 * 3600 * 1000, timezone: 'UTC' })).toEqual([]);
  });

  it('stops working out fire times past its budget, and leaves no fire time past the year 9999', async () => {
    const timing = { cron: '0 9 * * *', everyMs: null, timezone: 'UTC' };
    const from = new Date('2026-11-28T10:00:00Z');
    // A budget already spent: the first fire (which is free), then the stop.
    expect(() => nextFireTimes(timing, 5, from, { budgetMs: -1 })).toThrow(FiresTooRarelyError);
    try {
      nextFireTimes(timing, 5, from, { budgetMs: -1 });
    } catch (error) {
      expect((error as FiresTooRarelyError).found).toBe(1);
      expect((error as Error).message).toMatch(/^this cron fires too rarely to preview 5 times: 1 fire times/);
    }
    expect(nextFireTimes(timing, 5, from)).toHaveLength(5);
    await expect(nextFireTimesYielding(timing, 5, from, { budgetMs: -1 })).rejects.toThrow(FiresTooRarelyError);
    expect(await nextFireTimesYielding(timing, 5, from)).toEqual(nextFireTimes(timing, 5, from));
    expect(nextFireTime(timing, from)?.toISOString()).toBe('2026-11-29T09:00:00.000Z');
    const lastYear = nextFireTimes(timing, 5, new Date('9999-12-30T00:00:00Z'));
    expect(lastYear.map((t) => t.toISOString())).toEqual(['9999-12-30T09:00:00.000Z', '9999-12-31T09:00:00.000Z']);
    const daily = { cron: null, everyMs: 86_400_000, timezone: 'UTC' };
    expect(nextFireTimes(daily, 5, new Date('9999-12-30T00:00:00Z')).map((t) => t.toISOString())).toEqual([
      '9999-12-31T00:00:00.000Z',
    ]);
  });

  it('gives the event loop back between two fires when asked to', async () => {
    const timing = { cron: '0 9 * * *', everyMs: null, timezone: 'UTC' };
    let othersRan = false;
    setImmediate(() => {
      othersRan = true;
    });
    const times = await nextFireTimesYielding(timing, 20, new Date('2026-11-28T10:00:00Z'));
    expect(times).toHaveLength(20);
    // What was waiting ran between the steps (a search done in one go leaves it no turn).
    expect(othersRan).toBe(true);
  });

  it('names the same fire times as BullMQ, which fires them', () => {
    const from = new Date('2026-03-01T00:00:00Z');
    for (const [cron, timezone] of [
      ['0 9 * * *', 'Europe/London'],
      ['30 1 * * *', 'America/New_York'],
      ['0 0 29 2 *', 'Pacific/Chatham'],
      ['0 0 29 2 5#5', 'Pacific/Chatham'],
      ['*/20 * * * *', 'Asia/Kolkata'],
      ['0 3 1 */3 *', 'Australia/Lord_Howe'],
    ] as const) {
      const bullmq: number[] = [];
      let millis = from.getTime();
      for (let i = 0; i < 8; i++) {
        millis = getNextMillis(millis, { pattern: cron, tz: timezone }) as number;
        bullmq.push(millis);
      }
      const ours = nextFireTimes({ cron, everyMs: null, timezone }, 8, from, { budgetMs: 10_000 });
      expect(
        ours.map((t) => t.getTime()),
        `${cron} ${timezone}`,
      ).toEqual(bullmq);
    }
  });

  it('says at once that a cron naming only days its months lack never fires', () => {
    for (const cron of ['0 0 31 2,4,6,9,11 *', '0 0 31 4,6 *']) {
      const started = process.cpuUsage();
      expect(timingProblems({ cron, everyMs: null, timezone: 'Pacific/Chatham' }), cron).toEqual([
        'this timing never fires',
      ]);
      // cron-parser alone searches 10,000 steps first: about half a second in this zone.
      expect(process.cpuUsage(started).user / 1000, cron).toBeLessThan(100);
    }
    // A day of the week named too fires on either; the last day of the month always comes.
    expect(timingProblems({ cron: '0 0 31 2 1', everyMs: null, timezone: 'UTC' })).toEqual([]);
    expect(timingProblems({ cron: '0 0 L 2 *', everyMs: null, timezone: 'UTC' })).toEqual([]);
    expect(timingProblems({ cron: '0 0 29 2 *', everyMs: null, timezone: 'UTC' })).toEqual([]);
    expect(timingProblems({ cron: '0 0 30,31 2,4 *', everyMs: null, timezone: 'UTC' })).toEqual([]);
  });

  it('searches a year at a time within its budget, so a fire that never comes costs a bounded time', () => {
    // The search itself, without the cheap check: it looks a year ahead at a time and gives up
    // once its budget is spent, instead of leaving cron-parser to its 10,000 steps (which then
    // looked like "never fires" after half a second).
    const never = { cron: '0 0 31 2,4,6,9,11 *', everyMs: null, timezone: 'Pacific/Chatham' };
    const started = process.cpuUsage();
    expect(() => nextFireTimes(never, 1)).toThrow(FiresTooRarelyError);
    // Twice the budget for the first fire, and one year's search past it.
    expect(process.cpuUsage(started).user / 1000).toBeLessThan(300);
  });
});
