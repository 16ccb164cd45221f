import { CronExpressionParser } from 'cron-parser';

/**
 * What a schedule does when a change of UTC offset skips or repeats a local time (decided here,
 * documented in docs/design.md):
 *
 * - A local time that does not exist (clocks go forward over it) fires once, as much later as the
 *   clocks jumped: 02:30 on a spring-forward night in Berlin fires at 03:30 CEST, 02:15 on Lord
 *   Howe Island's 30-minute spring shift fires at 02:45.
 * - A local time that exists twice (clocks go back over it) fires once, at its first occurrence,
 *   unless the cron fires every hour (its hour field is `*`): then it fires at every real
 *   occurrence, so an hourly or every-15-minutes schedule keeps its real period through the night.
 * - A 30-minute-offset zone without daylight saving (Asia/Kolkata) is nothing special.
 *
 * cron-parser (BullMQ's parser) already does this in most zones, but not everywhere: on Lord
 * Howe Island it leaves out the day of a skipped time altogether and runs out of steps on a
 * repeated one. So fire times are worked out here: by cron-parser while no offset change is
 * near, and around a change by walking the local wall-clock times (the cron read in UTC) and
 * mapping each to its instant by the rules above. BullMQ fires by the same function (see
 * scheduleRepeatStrategy), the firing engine counts slots by it and the preview marks by it.
 */
export interface DstMark {
  kind: 'skipped' | 'repeated';
  /** "02:30 does not exist on 29 Mar (clocks go forward); fires at 03:30 CEST". */
  note: string;
}

export interface CronFire {
  at: number;
  dst: DstMark | null;
}

const HOUR_MS = 3600_000;
// Offset changes of real zones are months apart; a week between probes cannot step over two.
const PROBE_STEP_MS = 7 * 24 * HOUR_MS;
// No zone shifts by more than this at once (Antarctica/Troll and a few others: 2 hours).
const MARGIN_MS = 3 * HOUR_MS;
// Within this of an offset change, fire times are worked out by walking wall-clock times.
const NEAR_MS = 2 * 24 * HOUR_MS;

/**
 * The first fire of `cron` in `tz` after `afterMs` and no later than `untilMs`: null when there is
 * none in the span, 'gave up' when cron-parser ran out of steps before its end.
 */
export function nextCronFire(cron: string, tz: string, afterMs: number, untilMs: number): CronFire | null | 'gave up' {
  let after = afterMs;
  while (after < untilMs) {
    // Near a change, cron-parser is not asked at all: in some zones it loops until it gives up.
    const soon = firstOffsetChange(tz, after - MARGIN_MS, Math.min(untilMs, after + NEAR_MS) + MARGIN_MS);
    if (soon !== null) {
      const windowEnd = Math.min(untilMs, Math.max(after, soon) + NEAR_MS);
      const near = nextNearChange(cron, tz, after, windowEnd, soon);
      if (near) return near;
      after = windowEnd;
      continue;
    }
    const plain = parserNext(cron, tz, after, untilMs);
    const horizon = (typeof plain === 'number' ? plain : untilMs) + MARGIN_MS;
    const change = firstOffsetChange(tz, after - MARGIN_MS, horizon);
    // A fire well before the next change is cron-parser's to give.
    if (change === null || (typeof plain === 'number' && plain < change - MARGIN_MS)) {
      return typeof plain === 'number' ? { at: plain, dst: null } : plain;
    }
    // A rare cron whose search crossed a change: look again from just before it.
    after = Math.max(after, change - NEAR_MS);
  }
  return null;
}

function parserNext(cron: string, tz: string, afterMs: number, untilMs: number): number | null | 'gave up' {
  const interval = CronExpressionParser.parse(cron, { tz, currentDate: new Date(afterMs), endDate: new Date(untilMs) });
  try {
    return interval.next().getTime();
  } catch (error) {
    if (error instanceof Error && /time span/i.test(error.message)) return null;
    if (error instanceof Error && /loop limit/i.test(error.message)) return 'gave up';
    throw error;
  }
}

/**
 * The first fire after `afterMs` up to `untilMs` near one offset change (at `changeMs`), found by
 * walking wall-clock times (the cron read in UTC, where nothing shifts). Each wall time existing
 * once is its instant; one that does not exist is moved later by the shift; one that exists twice
 * is its first instant, and for a cron firing every hour its second one too. Two walks, each
 * giving its instants in order, so each stops at its first fire: the first instants of all wall
 * times, and the second instants of the repeated ones.
 */
function nextNearChange(cron: string, tz: string, afterMs: number, untilMs: number, changeMs: number): CronFire | null {
  const shift = { before: offsetMs(tz, changeMs - 1), after: offsetMs(tz, changeMs), changeMs, tz };
  const walls = (fromWall: number, toWall: number) =>
    CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: new Date(fromWall - 1), endDate: new Date(toWall) });
  const everyHour = hourIsWildcard(cron);
  const isFire = (wall: number) => walls(wall, wall + 1000).includesDate(new Date(wall));

  // Once the clocks have gone back, the first instants of the repeated wall times are past.
  const fromWall = Math.max(afterMs + offsetMs(tz, afterMs), afterMs >= changeMs ? changeMs + shift.before : 0);
  const firsts = walls(fromWall, untilMs + Math.max(shift.before, shift.after));
  let first: CronFire | null = null;
  for (let wall = nextOf(firsts); wall !== null; wall = nextOf(firsts)) {
    const fire = firstInstant(wall, shift, everyHour, isFire);
    if (fire.at > untilMs) break;
    if (fire.at > afterMs) {
      first = fire;
      break;
    }
  }
  if (!everyHour || shift.after >= shift.before) return first;
  // Clocks went back: the wall times from changeMs + after to changeMs + before come again.
  const seconds = walls(
    Math.max(changeMs, afterMs + 1) + shift.after,
    Math.min(untilMs + shift.after, changeMs + shift.before - 1),
  );
  const wall = nextOf(seconds);
  if (wall === null || (first && wall - shift.after >= first.at)) return first;
  return { at: wall - shift.after, dst: repeatedMark(wall, shift, true) };
}

interface Shift {
  before: number;
  after: number;
  changeMs: number;
  tz: string;
}

function nextOf(walls: ReturnType<typeof CronExpressionParser.parse>): number | null {
  try {
    return walls.next().getTime();
  } catch {
    return null; // past the window's end (or out of steps: nothing fires in it)
  }
}

/** The first instant a wall time shows, marked when the change skips or repeats it. */
function firstInstant(wall: number, shift: Shift, everyHour: boolean, isFire: (wall: number) => boolean): CronFire {
  const { before, after, changeMs, tz } = shift;
  const earlier = wall - before; // read with the offset before the change
  const later = wall - after;
  if (earlier < changeMs && later >= changeMs) {
    // Shown twice (clocks went back): its first instant is before the change.
    return { at: earlier, dst: repeatedMark(wall, shift, everyHour) };
  }
  if (earlier < changeMs) return { at: earlier, dst: null };
  if (later >= changeMs) return { at: later, dst: null };
  // Never shown (clocks went forward over it): as much later as they jumped. When that is a wall
  // time the cron names anyway, it is simply that fire.
  const moved = earlier;
  if (isFire(moved + after)) return { at: moved, dst: null };
  return {
    at: moved,
    dst: {
      kind: 'skipped',
      note: `${wallTime(wall)} does not exist on ${wallDay(wall)} (clocks go forward); fires at ${zoned(moved, tz)}`,
    },
  };
}

function repeatedMark(wall: number, { before, after, tz }: Shift, everyHour: boolean): DstMark {
  const [first, second] = [wall - before, wall - after];
  const what = `${wallTime(wall)} occurs twice on ${wallDay(wall)} (clocks go back)`;
  return {
    kind: 'repeated',
    note: everyHour
      ? `${what}; fires at both, ${zoned(first, tz)} and ${zoned(second, tz)}`
      : `${what}; fires once, at the first: ${zoned(first, tz)}`,
  };
}

const wallTime = (wall: number) => new Date(wall).toISOString().slice(11, new Date(wall).getUTCSeconds() ? 19 : 16);
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
const wallDay = (wall: number) => dayFormat.format(new Date(wall));

function zoned(at: number, tz: string): string {
  const parts = formatter(tz, 'short').formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const seconds = new Date(at).getUTCSeconds() ? `:${get('second')}` : '';
  return `${get('hour')}:${get('minute')}${seconds} ${get('timeZoneName')}`;
}

function hourIsWildcard(cron: string): boolean {
  try {
    return CronExpressionParser.parse(cron).fields.hour.isWildcard;
  } catch {
    return false;
  }
}

/** The first instant in (fromMs, toMs] at which the zone's UTC offset differs from the one at fromMs, or null. */
export function firstOffsetChange(tz: string, fromMs: number, toMs: number): number | null {
  const start = offsetMs(tz, fromMs);
  let low = fromMs;
  for (let probe = Math.min(toMs, fromMs + PROBE_STEP_MS); ; probe = Math.min(toMs, probe + PROBE_STEP_MS)) {
    if (offsetMs(tz, probe) !== start) {
      // Narrowed down to the millisecond: the instant is the first with the new offset.
      let high = probe;
      while (high - low > 1) {
        const mid = low + Math.floor((high - low) / 2);
        if (offsetMs(tz, mid) === start) low = mid;
        else high = mid;
      }
      return high;
    }
    if (probe >= toMs) return null;
    low = probe;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string, timeZoneName?: 'short'): Intl.DateTimeFormat {
  const key = `${tz}|${timeZoneName ?? ''}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      ...(timeZoneName ? { timeZoneName } : {}),
    });
    formatters.set(key, format);
  }
  return format;
}

/** The zone's UTC offset at an instant, in ms (east positive): wall clock minus UTC. */
export function offsetMs(tz: string, atMs: number): number {
  const parts = formatter(tz).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const whole = atMs - (((atMs % 1000) + 1000) % 1000);
  return wall - whole;
}

/**
 * Every fire of `cron` in `tz` after `afterMs` up to `untilMs`, in order: by one cron-parser walk
 * away from offset changes (cheap enough for a seconds cron over hours), and fire by fire near one.
 */
export function* cronFiresBetween(cron: string, tz: string, afterMs: number, untilMs: number): Generator<number> {
  let cursor = afterMs;
  while (cursor < untilMs) {
    const change = firstOffsetChange(tz, cursor - MARGIN_MS, untilMs + MARGIN_MS);
    const plainUntil = change === null ? untilMs : Math.min(untilMs, change - MARGIN_MS);
    if (cursor < plainUntil) {
      const walk = CronExpressionParser.parse(cron, {
        tz,
        currentDate: new Date(cursor),
        endDate: new Date(plainUntil),
      });
      for (let next = nextOf(walk); next !== null; next = nextOf(walk)) {
        yield next;
        cursor = next;
      }
      cursor = plainUntil;
    }
    if (change === null) return;
    const nearUntil = Math.min(untilMs, change + MARGIN_MS);
    for (;;) {
      const next = nextCronFire(cron, tz, cursor, nearUntil);
      if (next === null || next === 'gave up') break;
      yield next.at;
      cursor = next.at;
    }
    cursor = Math.max(cursor, nearUntil);
  }
}
