import { errorMessage } from '@scheduler/jobs';
import type { RepeatOptions, RepeatStrategy } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import cronstrue from 'cronstrue';
import prettyMilliseconds from 'pretty-ms';
import { type DstMark, nextCronFire } from './daylight-saving.ts';

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

// The last instant an ISO 8601 date with a four-digit year can show (9999-12-31T23:59:59.999Z):
// a later fire time could not be written in an answer, so it counts as none.
const LAST_ISO_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * How much CPU time working out the fire times of one timing may take. cron-parser steps through
 * the calendar (hours, days, months) with time-zone arithmetic at each step: a cron that matches
 * rarely (the 29th of February that is also the fifth Friday, in a zone with a 45-minute offset)
 * costs it several milliseconds per fire, a monthly one about a millisecond, and all of it blocks
 * the event loop. Past this budget the work stops and the timing counts as firing too rarely to
 * preview that many times. CPU time rather than the clock, so that a machine busy with other
 * processes does not make an ordinary preview fail. The first fire has twice this allowance of
 * its own: it also pays for warming up (the first search of a process, a time zone's first use).
 * Each search looks one SEARCH_WINDOW_MS ahead at most, and the budget is checked between them,
 * so no single call to cron-parser runs long.
 */
export const FIRE_TIMES_BUDGET_MS = 50;

/**
 * How far ahead one search looks. Unbounded, cron-parser gives up only after 10,000 steps: half a
 * second for a cron that never fires in a far time zone. A year's steps take a few milliseconds.
 */
const SEARCH_WINDOW_MS = 366 * 24 * 3600 * 1000;

/** The fire times of a timing could not be worked out within FIRE_TIMES_BUDGET_MS. */
export class FiresTooRarelyError extends Error {
  constructor(
    readonly found: number,
    readonly wanted: number,
    budgetMs = FIRE_TIMES_BUDGET_MS,
  ) {
    super(
      `this cron fires too rarely to preview ${wanted} times: ${found} fire times were found within the ${budgetMs} ms of work allowed; ask for fewer, or use a timing that fires more often`,
    );
    this.name = 'FiresTooRarelyError';
  }
}

const CRON_FIELDS = 'minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" for Mondays at 09:00';

/**
 * What is wrong with a schedule's timing, in words for a 400 answer; empty when nothing is. A
 * cron has five fields; a sixth (seconds, in front) only where the job type allows runs more
 * often than once a minute.
 */
export function timingProblems({ cron, everyMs, timezone }: Timing, { secondsInCron = false } = {}): string[] {
  const problems: string[] = [];
  if ((cron === null) === (everyMs === null)) problems.push('give exactly one of cron and everyMs');
  if (!isTimeZone(timezone)) problems.push(`timezone: "${timezone}" is not an IANA time zone (e.g. Europe/London)`);
  if (cron !== null) problems.push(...cronProblems(cron, isTimeZone(timezone) ? timezone : 'UTC', secondsInCron));
  if (everyMs !== null && (!Number.isInteger(everyMs) || everyMs < MIN_EVERY_MS || everyMs > MAX_EVERY_MS)) {
    problems.push(
      `everyMs: must be a whole number from ${MIN_EVERY_MS} to ${MAX_EVERY_MS} (366 days); use a cron for rarer runs`,
    );
  }
  // The next fire is worked out before anything is stored: a timing that cannot fire is refused,
  // and so is one whose next fire costs more than the budget to find.
  if (problems.length === 0 && cron !== null && dayNeverComes(cron)) problems.push('this timing never fires');
  if (problems.length === 0) {
    try {
      if (nextFireTimes({ cron, everyMs, timezone }, 1).length === 0) problems.push('this timing never fires');
    } catch (error) {
      if (!(error instanceof FiresTooRarelyError)) throw error;
      problems.push(error.message);
    }
  }
  return problems;
}

function cronProblems(cron: string, timezone: string, secondsInCron: boolean): string[] {
  const fields = cron.trim().split(/\s+/);
  const alias = fields.length === 1 && fields[0]?.startsWith('@');
  if (!alias && fields.length === 6 && !secondsInCron) {
    return [
      `cron: "${cron}" has six fields, the first being seconds; this job type runs at most once a minute, so give the five fields ${CRON_FIELDS}`,
    ];
  }
  if (!alias && fields.length !== 5 && fields.length !== 6) {
    return [`cron: "${cron}" is not a cron expression; give the five fields ${CRON_FIELDS}`];
  }
  try {
    // The parser BullMQ itself uses, so what passes here is what fires.
    CronExpressionParser.parse(cron, { tz: timezone });
    return [];
  } catch (error) {
    const reason = errorMessage(error);
    return [`cron: "${cron}" is not a valid cron expression (${reason}); the five fields are ${CRON_FIELDS}`];
  }
}

// The most days each month can have (February in a leap year).
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether a cron names only days of the month that none of its months has (the 30th of
 * February, the 31st of April): it never fires, and a search would only find that out after
 * cron-parser's 10,000 steps. With a day of the week named too, cron fires on either, so it does.
 */
function dayNeverComes(cron: string): boolean {
  let fields: ReturnType<typeof CronExpressionParser.parse>['fields'];
  try {
    ({ fields } = CronExpressionParser.parse(cron));
  } catch {
    return false;
  }
  if (!fields.dayOfWeek.isWildcard || fields.dayOfMonth.isWildcard) return false;
  const days = fields.dayOfMonth.values;
  if (days.some((day) => typeof day !== 'number')) return false; // L: the last day always comes
  const first = Math.min(...(days as number[]));
  return fields.month.values.every((month) => first > (DAYS_IN_MONTH[Number(month) - 1] ?? 31));
}

/**
 * The names ICU (Node's time-zone data) still answers for zones IANA has renamed: ICU keeps CLDR's
 * stable ids, so on Node 20 "Asia/Kolkata" resolves to "Asia/Calcutta". Stored and shown, a zone
 * keeps IANA's current name.
 */
const IANA_NAME_OF_ICU_ID: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/**
 * A time zone's current IANA name ("europe/berlin" is Europe/Berlin, "Asia/Calcutta" is
 * Asia/Kolkata), or null if it is none.
 */
export function canonicalTimeZone(zone: string): string | null {
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return IANA_NAME_OF_ICU_ID[resolved] ?? resolved;
  } catch {
    return null;
  }
}

/**
 * A timing in words, worked out from the cron or interval itself (so it cannot go stale as a
 * stored sentence would): "At 09:00, only on Monday (UTC)", "Every 15 minutes".
 */
export function describeTiming({ cron, everyMs, timezone }: Timing): string {
  if (cron !== null) {
    try {
      return `${cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true })} (${timezone})`;
    } catch {
      return `cron ${cron} (${timezone})`;
    }
  }
  return everyMs === null ? 'never' : `Every ${prettyMilliseconds(everyMs, { verbose: true })}`;
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

/**
 * The next `count` fire times after `from`: for a cron, as BullMQ fires them (cron-parser, with
 * this project's rules for times a daylight-saving change skips or repeats: daylight-saving.ts).
 * Times past the year 9999 are left out. Throws FiresTooRarelyError when finding them costs more
 * than `budgetMs` of CPU (counted from the second fire on, checked between fires) or cron-parser
 * gives up its search.
 */
export function nextFireTimes(
  timing: Timing,
  count: number,
  from = new Date(),
  { budgetMs = FIRE_TIMES_BUDGET_MS }: { budgetMs?: number } = {},
): Date[] {
  const search = fireSearch(timing, count, from, budgetMs);
  while (search.step()) {}
  return search.fires.map((f) => f.at);
}

/** A fire time, marked when a daylight-saving change skips or repeats its local time. */
export interface Fire {
  at: Date;
  dst: DstMark | null;
}

/**
 * The next fires for a request handler (marked for daylight saving): the same times and budget as
 * nextFireTimes, but the event loop is given back between two fires, so other requests (/health,
 * reads) are served between the steps of a costly preview instead of waiting for all of it.
 */
export async function nextFiresYielding(
  timing: Timing,
  count: number,
  from = new Date(),
  { budgetMs = FIRE_TIMES_BUDGET_MS }: { budgetMs?: number } = {},
): Promise<Fire[]> {
  const search = fireSearch(timing, count, from, budgetMs);
  while (search.step()) await new Promise((resolve) => setImmediate(resolve));
  return search.fires;
}

/** nextFiresYielding without the marks. */
export async function nextFireTimesYielding(
  timing: Timing,
  count: number,
  from = new Date(),
  options: { budgetMs?: number } = {},
): Promise<Date[]> {
  return (await nextFiresYielding(timing, count, from, options)).map((f) => f.at);
}

/** A search for fire times, one fire a step; `step` says whether there is more to do. */
function fireSearch(timing: Timing, count: number, from: Date, budgetMs: number) {
  const fires: Fire[] = [];
  if (timing.cron === null) {
    if (timing.everyMs !== null && Number.isFinite(timing.everyMs) && timing.everyMs > 0) {
      const first = nextIntervalSlot(timing, from.getTime());
      for (let i = 0; i < count && first + i * timing.everyMs <= LAST_ISO_MS; i++) {
        fires.push({ at: new Date(first + i * timing.everyMs), dst: null });
      }
    }
    return { fires, step: () => false };
  }
  const { cron, timezone } = timing;
  let millis = from.getTime();
  // CPU spent on this search's own steps (not on what runs between them). The first fire has an
  // allowance of its own (it also pays for warming up); the budget then counts from it.
  let spentMs = 0;
  let done = count <= 0;
  const step = (): boolean => {
    if (done) return false;
    if (spentMs > (fires.length === 0 ? Math.max(0, 2 * budgetMs) : budgetMs)) {
      throw new FiresTooRarelyError(fires.length, count, budgetMs);
    }
    const started = cpuMs();
    const next = nextCronFire(cron, timezone, millis, millis + SEARCH_WINDOW_MS);
    spentMs += cpuMs() - started;
    if (next === 'gave up') throw new FiresTooRarelyError(fires.length, count, budgetMs);
    if (next === null) {
      // None within this window: the next step looks at the following one (from just before
      // this one's end, so a fire on its last millisecond is not skipped).
      millis += SEARCH_WINDOW_MS - 1;
      done = millis > LAST_ISO_MS;
      return !done;
    }
    // A row stored before its timing was bounded must not break a listing: no time, not a throw.
    if (next.at > LAST_ISO_MS) {
      done = true;
      return false;
    }
    if (fires.length === 0) spentMs = 0;
    fires.push({ at: new Date(next.at), dst: next.dst });
    millis = next.at;
    done = fires.length >= count;
    return !done;
  };
  return { fires, step };
}

/** CPU time this process has used, in ms (a call costs under a microsecond). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The next fire of a timing, or null when there is none or it costs too much to find (listings). */
export function nextFireTime(timing: Timing, from = new Date()): Date | null {
  try {
    return nextFireTimes(timing, 1, from)[0] ?? null;
  } catch (error) {
    if (error instanceof FiresTooRarelyError) return null;
    throw error;
  }
}

// Generous: BullMQ asks once a slot, and a timing that costs more was refused when it was saved.
const REPEAT_BUDGET_MS = 1000;

/**
 * BullMQ's next-time function for the schedule queue (its `settings.repeatStrategy`, on the queue
 * that mirrors and the worker that takes ticks): the same fire times as nextFireTimes, so BullMQ
 * fires by this project's daylight-saving rules, not cron-parser's alone. Only crons come here
 * (BullMQ works out intervals itself). Undefined, as BullMQ's own, when there is no next fire.
 */
export const scheduleRepeatStrategy: RepeatStrategy = (millis, opts) => {
  if (!opts.pattern) return undefined;
  const start = opts.startDate ? new Date(opts.startDate).getTime() : 0;
  const from = new Date(Math.max(millis, start));
  try {
    const [next] = nextFireTimes({ cron: opts.pattern, everyMs: null, timezone: opts.tz ?? 'UTC' }, 1, from, {
      budgetMs: REPEAT_BUDGET_MS,
    });
    return next?.getTime();
  } catch (error) {
    if (error instanceof FiresTooRarelyError) return undefined;
    throw error;
  }
};
