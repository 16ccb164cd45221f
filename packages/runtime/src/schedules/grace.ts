import { nextFireTimes, type Timing } from './timing.ts';

/** The least grace: a slot's tick may take this long to turn into a run on a busy machine. */
export const MIN_GRACE_MS = 1000;
/** The most a default grace gives, however rare the schedule: a daily run 10 minutes late is missed. */
export const MAX_DEFAULT_GRACE_MS = 10 * 60_000;

/**
 * How late a slot's run may start before the slot counts as missed: the schedule's own grace, or
 * half its period (the time between its next two fires) within 1 s and 10 min. Half a period
 * keeps a slot from being missed after the next one has already come.
 */
export function effectiveGraceMs(schedule: Timing & { graceMs: number | null }, now = new Date()): number {
  if (schedule.graceMs !== null) return schedule.graceMs;
  const period = schedule.everyMs ?? periodOf(schedule, now);
  return Math.min(MAX_DEFAULT_GRACE_MS, Math.max(MIN_GRACE_MS, Math.floor(period / 2)));
}

function periodOf(timing: Timing, now: Date): number {
  try {
    const [first, second] = nextFireTimes(timing, 2, now);
    if (first && second) return second.getTime() - first.getTime();
  } catch {
    // A timing too costly to look ahead in fires rarely: the longest default grace.
  }
  return MAX_DEFAULT_GRACE_MS * 2;
}
