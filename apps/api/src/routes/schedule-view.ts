import {
  DECLARED_FIELDS,
  type LastRun,
  MISSED_POLICIES,
  OVERLAP_POLICIES,
  PRIORITIES,
  type ScheduleMiss,
  type ScheduleRecord,
} from '@scheduler/db';
import type { Catalogue } from '@scheduler/jobs';
import { describeMiss, describeTiming, differingFields, effectiveGraceMs, nextFireTime } from '@scheduler/runtime';
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });

/** One settling of missed slots: what was missed and what was done about it. */
export const scheduleMissView = z.object({
  id: z.string(),
  scheduleName: z.string(),
  firstSlotAt: isoTime,
  lastSlotAt: isoTime,
  slots: z.int().describe('How many slots nobody ran in time'),
  policy: z.enum(MISSED_POLICIES).describe('The missed-run policy in force when they were settled'),
  action: z.enum(['skipped', 'ran_once', 'caught_up']),
  runIds: z.array(z.uuid()).describe('The runs started for them (none when skipped)'),
  settledAt: isoTime,
  summary: z
    .string()
    .describe('In words, times in the schedule\'s zone: "missed 02:00–05:00 (3 slots): ran once at 05:02"'),
});

const declaredView = z.object({
  cron: z.string().nullable(),
  everyMs: z.int().nullable(),
  timezone: z.string(),
  payload: z.record(z.string(), z.unknown()),
  priority: z.enum(PRIORITIES).nullable(),
  description: z.string().nullable(),
  missedPolicy: z.enum(MISSED_POLICIES),
  catchUpMax: z.int().nullable(),
  catchUpWindowMs: z.int().nullable(),
  overlapPolicy: z.enum(OVERLAP_POLICIES),
});

export const scheduleView = z.object({
  name: z.string(),
  jobType: z.string(),
  cron: z.string().nullable(),
  everyMs: z.number().int().nullable(),
  timezone: z.string(),
  when: z.string().describe('The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)"'),
  enabled: z.boolean(),
  payload: z.record(z.string(), z.unknown()),
  priority: z.enum(PRIORITIES).describe("The schedule's priority, or its job type's default"),
  priorityOverride: z.enum(PRIORITIES).nullable().describe('Set on the schedule; null when the default applies'),
  description: z.string().nullable().describe('What the schedule is for, in its author’s words'),
  tags: z.array(z.string()).describe('Copied onto every job it creates'),
  nextRunAt: isoTime.nullable().describe('Null while disabled; while paused, the first slot after the pause'),
  lastRun: z
    .object({ id: z.uuid(), status: z.string(), createdAt: isoTime, completedAt: isoTime.nullable() })
    .nullable(),
  updatedBy: z.string(),
  updatedAt: isoTime,
  declared: declaredView
    .nullable()
    .describe("What the job type's code declares of this schedule; null for a schedule an admin made"),
  override: z
    .object({
      at: isoTime,
      by: z.string(),
      fields: z.array(z.enum(DECLARED_FIELDS)).describe('The fields that differ from `declared` (the drift)'),
    })
    .nullable()
    .describe("An admin's change of a declared field: kept across deploys until reset to the code's"),
  missedPolicy: z.enum(MISSED_POLICIES).describe('Slots nobody ran in time: skip them, run once, or catch up'),
  catchUpMax: z.int().nullable().describe('catch_up: at most this many missed slots run…'),
  catchUpWindowMs: z.int().nullable().describe('…of those within this long before now'),
  overlapPolicy: z
    .enum(OVERLAP_POLICIES)
    .describe('A slot while the previous run still goes: skip it, queue one run after it, or cancel it'),
  graceMs: z.int().describe('How late a slot’s run may start before the slot counts as missed (in effect)'),
  graceMsOverride: z.int().nullable().describe('Set on the schedule; null: half the period, within 1 s and 10 min'),
  pause: z
    .object({ until: isoTime, by: z.string(), at: isoTime })
    .nullable()
    .describe('While paused: no slot up to `until` runs or counts as missed'),
  lastMiss: scheduleMissView.nullable().describe('The newest settling of missed slots'),
  queuedSlotAt: isoTime
    .nullable()
    .describe('Overlap queue or cancel: the slot whose run starts when the running one ends'),
});

export type ScheduleView = z.infer<typeof scheduleView>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * When the schedule runs next: null while disabled; while paused, its first slot after the
 * pause (the engine runs no slot up to the pause's end), not one the pause holds.
 */
export function nextRunAtOf(
  s: Pick<ScheduleRecord, 'enabled' | 'cron' | 'everyMs' | 'everyAnchorAt' | 'timezone' | 'pausedUntil'>,
  now = new Date(),
): string | null {
  if (!s.enabled) return null;
  const from = s.pausedUntil !== null && s.pausedUntil > now ? s.pausedUntil : now;
  return nextFireTime(s, from)?.toISOString() ?? null;
}

/** A schedule as the API shows it. */
export function toScheduleView(
  s: ScheduleRecord,
  {
    catalogue,
    lastRun,
    lastMiss,
    now = new Date(),
  }: {
    catalogue: Catalogue;
    lastRun?: LastRun | undefined;
    lastMiss?: ScheduleMiss | undefined;
    now?: Date;
  },
): ScheduleView {
  const paused = s.pausedUntil !== null && s.pausedUntil.getTime() > now.getTime();
  return {
    name: s.name,
    jobType: s.jobType,
    cron: s.cron,
    everyMs: s.everyMs,
    timezone: s.timezone,
    when: describeTiming(s),
    enabled: s.enabled,
    payload: s.payload,
    priority: s.priority ?? catalogue.get(s.jobType)?.defaults.priority ?? 'MEDIUM',
    priorityOverride: s.priority,
    description: s.description,
    tags: s.tags,
    nextRunAt: nextRunAtOf(s, now),
    lastRun: lastRun
      ? {
          id: lastRun.id,
          status: lastRun.status,
          createdAt: lastRun.createdAt.toISOString(),
          completedAt: iso(lastRun.completedAt),
        }
      : null,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt.toISOString(),
    declared: s.declared,
    override:
      s.overriddenAt && s.declared
        ? { at: s.overriddenAt.toISOString(), by: s.overriddenBy ?? 'unknown', fields: differingFields(s, s.declared) }
        : null,
    missedPolicy: s.missedPolicy,
    catchUpMax: s.catchUpMax,
    catchUpWindowMs: s.catchUpWindowMs,
    overlapPolicy: s.overlapPolicy,
    graceMs: effectiveGraceMs(s, now),
    graceMsOverride: s.graceMs,
    pause:
      paused && s.pausedUntil
        ? { until: s.pausedUntil.toISOString(), by: s.pausedBy ?? 'unknown', at: (s.pausedAt ?? now).toISOString() }
        : null,
    lastMiss: lastMiss ? toMissView(lastMiss, s.timezone) : null,
    queuedSlotAt: iso(s.queuedSlotAt),
  };
}

export function toMissView(miss: ScheduleMiss, timezone: string): z.infer<typeof scheduleMissView> {
  return {
    id: miss.id,
    scheduleName: miss.scheduleName,
    firstSlotAt: miss.firstSlotAt.toISOString(),
    lastSlotAt: miss.lastSlotAt.toISOString(),
    slots: miss.slots,
    policy: miss.policy,
    action: miss.action,
    runIds: miss.runIds,
    settledAt: miss.settledAt.toISOString(),
    summary: describeMiss(miss, timezone),
  };
}
