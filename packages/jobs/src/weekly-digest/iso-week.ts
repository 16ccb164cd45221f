const DAY_MS = 86_400_000;

export interface IsoWeek {
  /** e.g. 2026-W48 */
  label: string;
  /** Monday 00:00 UTC. */
  start: Date;
  /** The next Monday 00:00 UTC (exclusive). */
  end: Date;
}

/** The ISO 8601 week (Monday to Sunday, in UTC) that holds `date`. */
export function isoWeekOf(date: Date): IsoWeek {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const start = day - weekday * DAY_MS;
  // The week belongs to the year of its Thursday.
  const thursday = new Date(start + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return {
    label: `${year}-W${String(week).padStart(2, '0')}`,
    start: new Date(start),
    end: new Date(start + 7 * DAY_MS),
  };
}

/** Parses "2026-W48"; undefined when no such week exists (W53 in a 52-week year). */
export function parseIsoWeek(label: string): IsoWeek | undefined {
  const match = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!match) return undefined;
  const [year, week] = [Number(match[1]), Number(match[2])];
  // 4 January is always in week 1.
  const week1 = isoWeekOf(new Date(Date.UTC(year, 0, 4)));
  const candidate = isoWeekOf(new Date(week1.start.getTime() + (week - 1) * 7 * DAY_MS));
  return candidate.label === label ? candidate : undefined;
}

export const isoDate = (date: Date) => date.toISOString().slice(0, 10);
