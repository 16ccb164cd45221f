import { describe, expect, it } from 'vitest';
import { instantInZone, timeInZone, tomorrowAt, wallTimeInZone } from '../src/pages/schedules/zoned-time.ts';

describe("times in a schedule's zone", () => {
  it('reads a wall time in the zone, in winter, in summer, in a half-hour zone and just after clocks go forward', () => {
    expect(instantInZone('2026-12-06T15:00', 'Europe/Berlin').toISOString()).toBe('2026-12-06T14:00:00.000Z');
    expect(instantInZone('2026-07-06T15:00', 'Europe/Berlin').toISOString()).toBe('2026-07-06T13:00:00.000Z');
    expect(instantInZone('2026-12-06T15:00', 'Asia/Kolkata').toISOString()).toBe('2026-12-06T09:30:00.000Z');
    expect(instantInZone('2026-03-29T03:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('shows an instant as the zone’s wall time, and finds tomorrow 09:00 there across a year’s end', () => {
    expect(wallTimeInZone(new Date('2026-12-06T14:00:00Z'), 'Europe/Berlin')).toBe('2026-12-06T15:00');
    // 00:30 on 1 January in Berlin: tomorrow is the 2nd.
    expect(tomorrowAt(9, 'Europe/Berlin', new Date('2026-12-31T23:30:00Z')).toISOString()).toBe(
      '2027-01-02T08:00:00.000Z',
    );
    expect(tomorrowAt(9, 'UTC', new Date('2026-12-06T10:00:00Z')).toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('says the time alone today, with its day another day', () => {
    const now = new Date('2026-12-06T10:00:00Z');
    expect(timeInZone('2026-12-06T14:00:00Z', 'Europe/Berlin', now)).toBe('15:00 CET');
    expect(timeInZone('2026-12-07T14:00:00Z', 'UTC', now)).toBe('Mon 7 Dec, 14:00 UTC');
  });
});
