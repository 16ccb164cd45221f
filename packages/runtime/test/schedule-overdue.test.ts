import type { ScheduleRecord } from '@scheduler/db';
import { describe, expect, it } from 'vitest';
import { describeMiss, overdueSlots } from '../src/schedules/overdue.ts';
import { MAX_COUNTED_SLOTS, slotsBetween } from '../src/schedules/slots.ts';

const at = (iso: string) => new Date(iso);

function schedule(fields: Partial<ScheduleRecord> = {}): ScheduleRecord {
  return {
    name: 'nightly',
    jobType: 'cleanup_old_data',
    cron: '0 * * * *',
    everyMs: null,
    everyAnchorAt: null,
    timezone: 'UTC',
    enabled: true,
    payload: {},
    priority: null,
    description: null,
    tags: [],
    updatedBy: 'test',
    updatedByClerkId: null,
    createdAt: at('2026-12-01T00:00:00Z'),
    updatedAt: at('2026-12-01T00:00:00Z'),
    declared: null,
    overriddenAt: null,
    overriddenBy: null,
    missedPolicy: 'run_once',
    catchUpMax: null,
    catchUpWindowMs: null,
    overlapPolicy: 'skip',
    graceMs: 60_000,
    pausedUntil: null,
    pausedBy: null,
    pausedAt: null,
    lastSlotAt: at('2026-12-06T01:00:00Z'),
    queuedSlotAt: null,
    ...fields,
  };
}

const served = () => true;

describe('overdueSlots', () => {
  it('names the oldest open slot past its grace, how many are, and when the first became missed', () => {
    const [overdue, ...rest] = overdueSlots([schedule()], at('2026-12-06T05:02:00Z'), () => false);
    expect(rest).toEqual([]);
    expect(overdue).toEqual({
      scheduleName: 'nightly',
      jobType: 'cleanup_old_data',
      slotAt: at('2026-12-06T02:00:00Z'),
      dueBy: at('2026-12-06T02:01:00Z'),
      slots: 4,
      reason: 'no_worker',
    });
  });

  it('leaves out a slot still within its grace, and counts only those past it', () => {
    expect(overdueSlots([schedule()], at('2026-12-06T02:00:59Z'), served)).toEqual([]);
    const [overdue] = overdueSlots([schedule()], at('2026-12-06T03:00:30Z'), served);
    expect(overdue?.slots).toBe(1);
    expect(overdue?.reason).toBe('not_fired');
  });

  it('says why: no worker, the queue paused, or served but never fired', () => {
    const now = at('2026-12-06T03:00:00Z');
    expect(overdueSlots([schedule()], now, () => 'queue_paused')[0]?.reason).toBe('queue_paused');
    expect(overdueSlots([schedule()], now, () => 'no_worker')[0]?.reason).toBe('no_worker');
    expect(overdueSlots([schedule()], now, served)[0]?.reason).toBe('not_fired');
  });

  it('skips disabled and paused schedules, and counts slots only after a past pause', () => {
    const now = at('2026-12-06T05:02:00Z');
    expect(overdueSlots([schedule({ enabled: false })], now, served)).toEqual([]);
    expect(overdueSlots([schedule({ pausedUntil: at('2026-12-06T06:00:00Z') })], now, served)).toEqual([]);
    const [afterPause] = overdueSlots([schedule({ pausedUntil: at('2026-12-06T03:30:00Z') })], now, served);
    expect(afterPause?.slotAt).toEqual(at('2026-12-06T04:00:00Z'));
    expect(afterPause?.slots).toBe(2);
  });

  it('counts an interval schedule from its anchor, with the default grace of half its period', () => {
    const every = schedule({
      cron: null,
      everyMs: 1000,
      everyAnchorAt: at('2026-12-06T10:00:00.250Z'),
      lastSlotAt: at('2026-12-06T10:00:01.250Z'),
      graceMs: null,
    });
    // Slots at 02.250, 03.250, 04.250; the default grace is 1 s (the least), so 04.250 is not missed yet.
    const [overdue] = overdueSlots([every], at('2026-12-06T10:00:04.500Z'), served);
    expect(overdue).toMatchObject({ slotAt: at('2026-12-06T10:00:02.250Z'), slots: 2 });
    expect(overdue?.dueBy).toEqual(at('2026-12-06T10:00:03.250Z'));
  });
});

describe('slotsBetween', () => {
  it('keeps the newest slots asked for, and counts a long outage of a seconds cron up to a bound', () => {
    const span = slotsBetween(
      { cron: '* * * * * *', everyMs: null, timezone: 'UTC' },
      at('2026-12-06T00:00:00Z'),
      at('2026-12-06T12:00:00Z'),
      2,
    );
    expect(span?.count).toBe(MAX_COUNTED_SLOTS);
    expect(span?.first).toEqual(at('2026-12-06T00:00:01Z'));
    expect(span?.newest).toEqual([at('2026-12-06T11:59:59Z'), at('2026-12-06T12:00:00Z')]);
    expect(span?.last).toEqual(at('2026-12-06T12:00:00Z'));
  });

  it('answers null when no slot falls in the span', () => {
    expect(
      slotsBetween(
        { cron: '0 3 * * *', everyMs: null, timezone: 'UTC' },
        at('2026-12-06T03:00:00Z'),
        at('2026-12-07T02:59:59Z'),
      ),
    ).toBeNull();
  });
});

describe('describeMiss', () => {
  const miss = {
    firstSlotAt: at('2026-12-06T01:00:00Z'),
    lastSlotAt: at('2026-12-06T04:00:00Z'),
    slots: 4,
    action: 'ran_once' as const,
    runIds: ['0b6f3c1e-0000-4000-8000-000000000001'],
    settledAt: at('2026-12-06T04:02:10Z'),
  };

  it('says what was missed and done, in the schedule’s zone', () => {
    expect(describeMiss(miss, 'Europe/Berlin')).toBe('missed 02:00–05:00 (4 slots): ran once at 05:02');
    expect(describeMiss({ ...miss, action: 'skipped', runIds: [] }, 'UTC')).toBe(
      'missed 01:00–04:00 (4 slots): skipped',
    );
    expect(describeMiss({ ...miss, action: 'caught_up', runIds: ['a', 'b'] }, 'UTC')).toBe(
      'missed 01:00–04:00 (4 slots): caught up with 2 runs at 04:02',
    );
  });

  it('names one slot alone, days when the times span days, and seconds when the slots have them', () => {
    expect(
      describeMiss({ ...miss, lastSlotAt: miss.firstSlotAt, slots: 1, action: 'skipped', runIds: [] }, 'UTC'),
    ).toBe('missed 01:00: skipped');
    expect(describeMiss({ ...miss, firstSlotAt: at('2026-12-05T23:00:00Z'), slots: 6 }, 'UTC')).toBe(
      'missed 5 Dec 23:00–6 Dec 04:00 (6 slots): ran once at 6 Dec 04:02',
    );
    expect(
      describeMiss(
        {
          ...miss,
          firstSlotAt: at('2026-12-06T10:00:01Z'),
          lastSlotAt: at('2026-12-06T10:00:03Z'),
          slots: 3,
          settledAt: at('2026-12-06T10:00:05Z'),
        },
        'UTC',
      ),
    ).toBe('missed 10:00:01–10:00:03 (3 slots): ran once at 10:00:05');
  });
});
