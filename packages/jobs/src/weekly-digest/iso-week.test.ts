import { describe, expect, it } from 'vitest';
import { isoWeekOf, parseIsoWeek } from './iso-week.ts';

describe('ISO weeks', () => {
  it.each([
    ['2026-11-28T15:00:00Z', '2026-W48', '2026-11-23'],
    ['2026-01-01T00:00:00Z', '2026-W01', '2025-12-29'], // a Thursday: week 1 of its own year
    ['2027-01-01T12:00:00Z', '2026-W53', '2026-12-28'], // a Friday: last week of the year before
    ['2024-12-30T00:00:00Z', '2025-W01', '2024-12-30'], // a Monday that starts the next ISO year
    ['2026-09-27T23:59:59Z', '2026-W39', '2026-09-21'], // Sunday night is still the same week
  ])('%s is in %s, which starts on %s', (date, label, monday) => {
    const week = isoWeekOf(new Date(date));
    expect(week.label).toBe(label);
    expect(week.start.toISOString().slice(0, 10)).toBe(monday);
    expect(week.end.getTime() - week.start.getTime()).toBe(7 * 86_400_000);
    expect(parseIsoWeek(label)).toEqual(week);
  });

  it('refuses weeks a year does not have', () => {
    expect(parseIsoWeek('2027-W53')).toBeUndefined();
    expect(parseIsoWeek('2026-W00')).toBeUndefined();
    expect(parseIsoWeek('week 3')).toBeUndefined();
  });
});
