import { getNextMillis, type RepeatOptions } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';

export interface Timing {
  cron: string | null;
  everyMs: number | null;
  timezone: string;
}

/** Shortest interval a schedule may have. */
export const MIN_EVERY_MS = 1000;

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
  if (everyMs !== null && (!Number.isInteger(everyMs) || everyMs < MIN_EVERY_MS)) {
    problems.push(`everyMs: must be a whole number of at least ${MIN_EVERY_MS}`);
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

/** The BullMQ repeat options a timing becomes. */
export const repeatOptionsOf = ({ cron, everyMs, timezone }: Timing): Omit<RepeatOptions, 'key'> =>
  cron !== null ? { pattern: cron, tz: timezone } : { every: everyMs as number };

/** The next `count` fire times after `from`, computed by BullMQ's own next-time function. */
export function nextFireTimes(timing: Timing, count: number, from = new Date()): Date[] {
  const options = repeatOptionsOf(timing);
  const times: Date[] = [];
  let millis = from.getTime();
  for (let i = 0; i < count; i++) {
    const next = getNextMillis(millis, options);
    if (next === undefined) break;
    times.push(new Date(next));
    millis = next;
  }
  return times;
}
