import { getNextMillis, type RepeatOptions } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';

export interface Timing {
  cron: string | null;
  everyMs: number | null;
  timezone: string;
  /** An interval's slots are anchor + k × everyMs (k ≥ 1); a new one's anchor is now. */
  everyAnchorAt?: Date | null;
}

/** Shortest interval a schedule may have. */
export const MIN_EVERY_MS = 1000;
/**
 * Longest interval: a year and a day. Far below what BullMQ's arithmetic and a Date can hold
 * (a Date ends at 8.64e15 ms); rarer runs are a cron's job.
 */
export const MAX_EVERY_MS = 366 * 24 * 3600 * 1000;

// The last instant a Date can show.
const LAST_DATE_MS = 8.64e15;

/** What is wrong with a schedule's timing, in words for a 400 answer; empty when nothing is. */
export function timingProblems({ cron, everyMs, timezone }: Timing): string[] {
  const problems: string[] = [];
  if ((cron === null) === (everyMs === null)) problems.push('give exactly one of cron and everyMs');
  if (!isTimeZone(timezone)) problems.push(`timezone: "${timezone}" is not an IANA time zone (e.g. Europe/London)`);
  if (cron !== null) {
    try {
      // The parser BullMQ itself uses, so what passes here is what fires.
      CronExpressionParser.parse(cron, { tz: isTimeZone(timezone) ? timezone : 'UTC' });
    } catch (error) {
      problems.push(`cron: "${cron}" is not a valid pattern (${error instanceof Error ? error.message : error})`);
    }
  }
  if (everyMs !== null && (!Number.isInteger(everyMs) || everyMs < MIN_EVERY_MS || everyMs > MAX_EVERY_MS)) {
    problems.push(
      `everyMs: must be a whole number from ${MIN_EVERY_MS} to ${MAX_EVERY_MS} (366 days); use a cron for rarer runs`,
    );
  }
  // The next fire is worked out before anything is stored: a timing that cannot fire is refused.
  if (problems.length === 0 && nextFireTimes({ cron, everyMs, timezone }, 1).length === 0) {
    problems.push('this timing never fires');
  }
  return problems;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The BullMQ repeat options a timing becomes. An interval starts at its next slot: BullMQ would
 * otherwise fire a new job scheduler at once and count from there. It then keeps that slot's
 * phase (prev + every, and after missed slots the next slot of the same phase), so every slot it
 * fires is one nextFireTimes names.
 */
export const repeatOptionsOf = (timing: Timing, now = Date.now()): Omit<RepeatOptions, 'key'> =>
  timing.cron !== null
    ? { pattern: timing.cron, tz: timing.timezone }
    : { every: timing.everyMs as number, startDate: nextIntervalSlot(timing, now) };

/** The first slot of an interval timing after `fromMs`: anchor + k × every, k ≥ 1. */
function nextIntervalSlot({ everyMs, everyAnchorAt }: Timing, fromMs: number): number {
  const every = everyMs as number;
  const anchor = everyAnchorAt?.getTime() ?? fromMs;
  return anchor + Math.max(1, Math.floor((fromMs - anchor) / every) + 1) * every;
}

/** The next `count` fire times after `from`: for a cron, by BullMQ's own next-time function. */
export function nextFireTimes(timing: Timing, count: number, from = new Date()): Date[] {
  if (timing.cron === null) {
    if (timing.everyMs === null || !Number.isFinite(timing.everyMs) || timing.everyMs <= 0) return [];
    const first = nextIntervalSlot(timing, from.getTime());
    const every = timing.everyMs;
    return Array.from({ length: count }, (_, i) => first + i * every)
      .filter((millis) => millis <= LAST_DATE_MS)
      .map((millis) => new Date(millis));
  }
  const options = repeatOptionsOf(timing);
  const times: Date[] = [];
  let millis = from.getTime();
  for (let i = 0; i < count; i++) {
    const next = getNextMillis(millis, options);
    // A row stored before its timing was bounded must not break a listing: no time, not a throw.
    if (next === undefined || !Number.isFinite(next) || next > LAST_DATE_MS) break;
    times.push(new Date(next));
    millis = next;
  }
  return times;
}
