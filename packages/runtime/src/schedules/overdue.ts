import type { ScheduleMiss, ScheduleRecord } from '@scheduler/db';
import { effectiveGraceMs } from './grace.ts';
import { slotsBetween } from './slots.ts';

/** Why nobody ran an overdue slot: no live worker serves its type, its queue is paused, or it never fired. */
export type OverdueReason = 'no_worker' | 'queue_paused' | 'not_fired';

export interface OverdueSlot {
  scheduleName: string;
  jobType: string;
  /** The oldest slot nobody settled. */
  slotAt: Date;
  /** When that slot became missed: its time plus the schedule's grace. */
  dueBy: Date;
  /** How many open slots are past their grace (see MAX_COUNTED_SLOTS for very frequent crons). */
  slots: number;
  reason: OverdueReason;
}

/**
 * Whether a job type's queue is served: true, or why not. `false` reads as no live worker (a
 * caller that only knows heartbeats); a caller that also knows the BullMQ queue is paused says
 * 'queue_paused'.
 */
export type Served = (jobType: string) => boolean | Exclude<OverdueReason, 'not_fired'>;

/**
 * The instant after which a schedule's slots are open (not yet run, skipped or counted as missed):
 * the newest settled slot or the end of a pause, whichever is later. A row without either (made
 * before slots were tracked) counts from its creation.
 */
export function openAfter(schedule: Pick<ScheduleRecord, 'lastSlotAt' | 'pausedUntil' | 'createdAt'>): Date {
  const times = [schedule.lastSlotAt, schedule.pausedUntil].filter((t): t is Date => t !== null);
  if (times.length === 0) return schedule.createdAt;
  return new Date(Math.max(...times.map((t) => t.getTime())));
}

/** Paused now: a pause-until still in the future. */
export const isPaused = (schedule: Pick<ScheduleRecord, 'pausedUntil'>, now: Date) =>
  schedule.pausedUntil !== null && schedule.pausedUntil > now;

/**
 * The schedules whose oldest open slot is past its grace: nobody ran it in time. Only enabled
 * schedules that are not paused; slots up to a pause's end are never overdue. Pure: what it
 * knows of workers and queues comes from `served`. The firing engine settles such slots as soon
 * as the queue is served, so a schedule stays here while its queue is not (or, briefly, until
 * the next settling pass notices a slot that never fired).
 */
export function overdueSlots(schedules: readonly ScheduleRecord[], now: Date, served: Served): OverdueSlot[] {
  const overdue: OverdueSlot[] = [];
  for (const schedule of schedules) {
    if (!schedule.enabled || isPaused(schedule, now)) continue;
    const graceMs = effectiveGraceMs(schedule, now);
    const span = slotsBetween(schedule, openAfter(schedule), new Date(now.getTime() - graceMs));
    if (!span) continue;
    const answer = served(schedule.jobType);
    overdue.push({
      scheduleName: schedule.name,
      jobType: schedule.jobType,
      slotAt: span.first,
      dueBy: new Date(span.first.getTime() + graceMs),
      slots: span.count,
      reason: answer === true ? 'not_fired' : answer === false ? 'no_worker' : answer,
    });
  }
  return overdue;
}

/**
 * A settling in words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at
 * 05:02", "missed 02:00: skipped". Days are named when the times do not all fall on one day;
 * seconds are shown when a time has them (a schedule firing every few seconds).
 */
export function describeMiss(
  miss: Pick<ScheduleMiss, 'firstSlotAt' | 'lastSlotAt' | 'slots' | 'action' | 'runIds' | 'settledAt'>,
  timezone: string,
): string {
  const times = [miss.firstSlotAt, miss.lastSlotAt, miss.settledAt];
  const days = new Set(times.map((t) => dayOf(t, timezone)));
  const withSeconds = [miss.firstSlotAt, miss.lastSlotAt].some((t) => t.getUTCSeconds() !== 0);
  const format = (t: Date) => formatTime(t, timezone, { withDay: days.size > 1, withSeconds });
  const what =
    miss.slots === 1 && miss.firstSlotAt.getTime() === miss.lastSlotAt.getTime()
      ? `missed ${format(miss.firstSlotAt)}`
      : `missed ${format(miss.firstSlotAt)}–${format(miss.lastSlotAt)} (${miss.slots} slots)`;
  const done =
    miss.action === 'skipped' || miss.runIds.length === 0
      ? 'skipped'
      : miss.action === 'ran_once'
        ? `ran once at ${format(miss.settledAt)}`
        : `caught up with ${miss.runIds.length} ${miss.runIds.length === 1 ? 'run' : 'runs'} at ${format(miss.settledAt)}`;
  return `${what}: ${done}`;
}

const dayOf = (t: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);

function formatTime(t: Date, timeZone: string, { withDay, withSeconds }: { withDay: boolean; withSeconds: boolean }) {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(t);
  if (!withDay) return time;
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(t);
  return `${day} ${time}`;
}
