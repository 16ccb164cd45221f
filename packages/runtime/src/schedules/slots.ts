import { cronFiresBetween } from './daylight-saving.ts';
import { nextFireTime, type Timing } from './timing.ts';

/**
 * Beyond this many slots a cron's slots are not counted one by one: a seconds cron left alone
 * for a day has 86,400, and stepping through them would block the event loop. The count then
 * says "at least this many" (intervals are counted exactly, by arithmetic).
 */
export const MAX_COUNTED_SLOTS = 10_000;

export interface SlotSpan {
  /** The oldest slot in the span. */
  first: Date;
  /** The newest slot in the span. */
  last: Date;
  /** How many slots the span holds (at most MAX_COUNTED_SLOTS for a cron). */
  count: number;
  /** The newest slots, oldest first: as many as asked for (`keepNewest`), or all when fewer. */
  newest: Date[];
}

/**
 * The slots of a timing after `after` (exclusive) up to `until` (inclusive), or null when there
 * is none. Slots are the instants the timing fires (see nextFireTime, daylight saving included).
 */
export function slotsBetween(timing: Timing, after: Date, until: Date, keepNewest = 1): SlotSpan | null {
  if (timing.cron === null && timing.everyMs !== null) return intervalSlots(timing, after, until, keepNewest);
  const newest: Date[] = [];
  let first: Date | null = null;
  let count = 0;
  if (timing.cron !== null) {
    for (const at of cronFiresBetween(timing.cron, timing.timezone, after.getTime(), until.getTime())) {
      first ??= new Date(at);
      count++;
      newest.push(new Date(at));
      if (newest.length > keepNewest) newest.shift();
      if (count >= MAX_COUNTED_SLOTS) break;
    }
  }
  if (!first) return null;
  if (count >= MAX_COUNTED_SLOTS) {
    // Too many to step through: the newest ones are found by stepping from a little before `until`.
    const tail = slotsBetween(timing, lookBehind(timing, until, keepNewest), until, keepNewest);
    if (tail) return { first, last: tail.last, count, newest: tail.newest };
  }
  return { first, last: newest[newest.length - 1] as Date, count, newest };
}

/** A start far enough before `until` to hold the newest `keep` slots of a frequent cron. */
function lookBehind(timing: Timing, until: Date, keep: number): Date {
  const probe = nextFireTime(timing, new Date(until.getTime() - 3600_000));
  const second = probe ? nextFireTime(timing, probe) : null;
  const period = probe && second ? second.getTime() - probe.getTime() : 1000;
  return new Date(until.getTime() - period * (keep + 1) - 1);
}

function intervalSlots(timing: Timing, after: Date, until: Date, keepNewest: number): SlotSpan | null {
  const every = timing.everyMs as number;
  const anchor = (timing.everyAnchorAt ?? after).getTime();
  // Slots are anchor + k × every, k ≥ 1.
  const firstK = Math.max(1, Math.floor((after.getTime() - anchor) / every) + 1);
  const lastK = Math.floor((until.getTime() - anchor) / every);
  if (lastK < firstK) return null;
  const newest: Date[] = [];
  for (let k = Math.max(firstK, lastK - keepNewest + 1); k <= lastK; k++) newest.push(new Date(anchor + k * every));
  return {
    first: new Date(anchor + firstK * every),
    last: new Date(anchor + lastK * every),
    count: lastK - firstK + 1,
    newest,
  };
}
