import type { Sql } from './client.ts';
import { jsonParam } from './sql-helpers.ts';
import type { JobStatus, Priority } from './types.ts';

export interface ScheduleRecord {
  name: string;
  jobType: string;
  /** Exactly one of cron and everyMs is set. */
  cron: string | null;
  everyMs: number | null;
  /** An interval schedule fires at everyAnchorAt + k × everyMs (k ≥ 1); null for a cron. */
  everyAnchorAt: Date | null;
  timezone: string;
  enabled: boolean;
  payload: Record<string, unknown>;
  /** Null: the job type's default. */
  priority: Priority | null;
  description: string | null;
  /** Copied onto every job the schedule creates. */
  tags: string[];
  updatedBy: string;
  updatedByClerkId: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The job type's declared schedule as the code last said it; null for an admin's own schedule. */
  declared: DeclaredSchedule | null;
  /** Set when an admin changed a declared field: the code's later changes wait for a reset. */
  overriddenAt: Date | null;
  overriddenBy: string | null;
  missedPolicy: MissedPolicy;
  /** catch_up only: at most this many missed slots are run… */
  catchUpMax: number | null;
  /** …of those within this long before now. */
  catchUpWindowMs: number | null;
  overlapPolicy: OverlapPolicy;
  /** How late a slot's run may start before the slot counts as missed; null: from the period. */
  graceMs: number | null;
  /** Paused until then (kept after it passes: slots up to it were neither run nor missed). */
  pausedUntil: Date | null;
  pausedBy: string | null;
  pausedAt: Date | null;
  /** The newest slot settled (run, skipped, or counted as missed). */
  lastSlotAt: Date | null;
  /** Overlap queue/cancel: the slot whose run starts once the running one has ended. */
  queuedSlotAt: Date | null;
}

export const MISSED_POLICIES = ['skip', 'run_once', 'catch_up'] as const;
export type MissedPolicy = (typeof MISSED_POLICIES)[number];
export const OVERLAP_POLICIES = ['skip', 'queue', 'cancel'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/** What a job type's definition declares of its schedule (see defineJob's `schedule`). */
export interface DeclaredSchedule {
  cron: string | null;
  everyMs: number | null;
  timezone: string;
  payload: Record<string, unknown>;
  priority: Priority | null;
  description: string | null;
  missedPolicy: MissedPolicy;
  /** catch_up only (null otherwise). */
  catchUpMax: number | null;
  catchUpWindowMs: number | null;
  overlapPolicy: OverlapPolicy;
}

/** The fields a declaration sets and an admin's change of which is an override. */
export const DECLARED_FIELDS = [
  'cron',
  'everyMs',
  'timezone',
  'payload',
  'priority',
  'description',
  'missedPolicy',
  'catchUpMax',
  'catchUpWindowMs',
  'overlapPolicy',
] as const satisfies readonly (keyof DeclaredSchedule)[];
export type DeclaredField = (typeof DECLARED_FIELDS)[number];

type Policies = Pick<
  ScheduleRecord,
  'missedPolicy' | 'catchUpMax' | 'catchUpWindowMs' | 'overlapPolicy' | 'graceMs' | 'declared'
>;

export type NewSchedule = Pick<ScheduleRecord, 'name' | 'jobType' | 'cron' | 'everyMs' | 'timezone' | 'enabled'> &
  Partial<Pick<ScheduleRecord, 'payload' | 'priority' | 'description' | 'tags'> & Policies>;

/** What an edit may change; absent fields stay as they are. */
export type ScheduleChange = Partial<
  Pick<ScheduleRecord, 'cron' | 'everyMs' | 'timezone' | 'enabled' | 'payload' | 'priority' | 'description' | 'tags'> &
    Policies & {
      /** Someone overrode the declaration (by them, now or `at`), or null: the schedule follows its code again. */
      overridden: (ScheduleActor & { at?: Date }) | null;
      /** Paused until then, by them; `until: 'now'` ends a pause (slots up to now stay unmissed). */
      pause: { until: Date | 'now'; by?: ScheduleActor };
    }
>;

export type ScheduleActor = { startedBy: string | null; startedByClerkId?: string | null };

export interface LastRun {
  id: string;
  status: JobStatus;
  createdAt: Date;
  completedAt: Date | null;
}

const toSchedule = (r: Record<string, unknown>): ScheduleRecord => ({
  name: r.name as string,
  jobType: r.job_type as string,
  cron: (r.cron as string | null) ?? null,
  everyMs: r.every_ms === null ? null : Number(r.every_ms),
  everyAnchorAt: (r.every_anchor_at as Date | null) ?? null,
  timezone: r.timezone as string,
  enabled: r.enabled as boolean,
  payload: (r.payload as Record<string, unknown>) ?? {},
  priority: (r.priority as Priority | null) ?? null,
  description: (r.description as string | null) ?? null,
  tags: (r.tags as string[] | null) ?? [],
  updatedBy: r.updated_by as string,
  updatedByClerkId: (r.updated_by_clerk_id as string | null) ?? null,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
  declared: (r.declared as DeclaredSchedule | null) ?? null,
  overriddenAt: (r.overridden_at as Date | null) ?? null,
  overriddenBy: (r.overridden_by as string | null) ?? null,
  missedPolicy: (r.missed_policy as MissedPolicy | undefined) ?? 'run_once',
  catchUpMax: (r.catch_up_max as number | null) ?? null,
  catchUpWindowMs: r.catch_up_window_ms == null ? null : Number(r.catch_up_window_ms),
  overlapPolicy: (r.overlap_policy as OverlapPolicy | undefined) ?? 'skip',
  graceMs: r.grace_ms == null ? null : Number(r.grace_ms),
  pausedUntil: (r.paused_until as Date | null) ?? null,
  pausedBy: (r.paused_by as string | null) ?? null,
  pausedAt: (r.paused_at as Date | null) ?? null,
  lastSlotAt: (r.last_slot_at as Date | null) ?? null,
  queuedSlotAt: (r.queued_slot_at as Date | null) ?? null,
});

// Every change to schedules and every mirroring of them into Redis happens under this lock,
// so a replica converging at start-up cannot re-apply a version that an edit just replaced.
const SCHEDULES_LOCK = 'scheduler:schedules';

/** The `schedules` table: the source of truth for recurring runs. */
export function createScheduleStore(sql: Sql) {
  const store = {
    async list(db: Sql = sql): Promise<ScheduleRecord[]> {
      return (await db`SELECT * FROM schedules ORDER BY name`).map(toSchedule);
    },

    async get(name: string, db: Sql = sql): Promise<ScheduleRecord | null> {
      const [row] = await db`SELECT * FROM schedules WHERE name = ${name}`;
      return row ? toSchedule(row) : null;
    },

    /** Names an admin removed (see `remove`): a declaration does not bring them back by itself. */
    async removedNames(db: Sql = sql): Promise<Set<string>> {
      return new Set((await db`SELECT name FROM schedule_removals`).map((r) => r.name as string));
    },

    /**
     * Inserts one schedule (call it holding the lock: see `locked`); null if the name is taken.
     * Creating a schedule under a removed name is asking for it back. Its slots start now: none
     * before its creation can be missed.
     */
    async insert(db: Sql, schedule: NewSchedule, actor: ScheduleActor): Promise<ScheduleRecord | null> {
      await db`DELETE FROM schedule_removals WHERE name = ${schedule.name}`;
      const [row] = await db`
        INSERT INTO schedules (name, job_type, cron, every_ms, every_anchor_at, timezone, enabled, payload, priority,
                               description, missed_policy, catch_up_max, catch_up_window_ms, overlap_policy, grace_ms,
                               declared, last_slot_at, updated_by, updated_by_clerk_id, tags)
        VALUES (${schedule.name}, ${schedule.jobType}, ${schedule.cron}, ${schedule.everyMs},
                ${schedule.everyMs !== null ? db`now()` : null}, ${schedule.timezone},
                ${schedule.enabled}, ${db.json((schedule.payload ?? {}) as never)}, ${schedule.priority ?? null},
                ${schedule.description ?? null}, ${schedule.missedPolicy ?? 'run_once'}, ${schedule.catchUpMax ?? null},
                ${schedule.catchUpWindowMs ?? null}, ${schedule.overlapPolicy ?? 'skip'}, ${schedule.graceMs ?? null},
                ${schedule.declared ? db.json(schedule.declared as never) : null}, now(),
                ${actor.startedBy ?? 'unknown'}, ${actor.startedByClerkId ?? null},
                ARRAY(SELECT jsonb_array_elements_text(${jsonParam(db, schedule.tags ?? [])})))
        ON CONFLICT (name) DO NOTHING
        RETURNING *`;
      return row ? toSchedule(row) : null;
    },

    /**
     * Applies `change` to one schedule (call it holding the lock); null for an unknown name.
     * Enabling a disabled schedule or changing its timing starts its slots afresh from now. With
     * no actor, who changed it last and when stay as they are (bookkeeping, not an edit).
     */
    async write(
      db: Sql,
      name: string,
      change: ScheduleChange,
      actor: ScheduleActor | null,
    ): Promise<ScheduleRecord | null> {
      const set: Record<string, unknown> = {};
      if (change.cron !== undefined) set.cron = change.cron;
      if (change.everyMs !== undefined) set.every_ms = change.everyMs;
      if (change.timezone !== undefined) set.timezone = change.timezone;
      if (change.enabled !== undefined) set.enabled = change.enabled;
      if (change.payload !== undefined) set.payload = db.json(change.payload as never);
      if (change.priority !== undefined) set.priority = change.priority;
      if (change.description !== undefined) set.description = change.description;
      if (change.missedPolicy !== undefined) set.missed_policy = change.missedPolicy;
      if (change.catchUpMax !== undefined) set.catch_up_max = change.catchUpMax;
      if (change.catchUpWindowMs !== undefined) set.catch_up_window_ms = change.catchUpWindowMs;
      if (change.overlapPolicy !== undefined) set.overlap_policy = change.overlapPolicy;
      if (change.graceMs !== undefined) set.grace_ms = change.graceMs;
      if (change.declared !== undefined) set.declared = change.declared ? db.json(change.declared as never) : null;
      if (change.overridden !== undefined) {
        set.overridden_by = change.overridden ? (change.overridden.startedBy ?? 'unknown') : null;
        set.overridden_by_clerk_id = change.overridden?.startedByClerkId ?? null;
      }
      if (change.pause?.by) {
        set.paused_by = change.pause.by.startedBy ?? 'unknown';
      }
      // In SET, the columns are the row before the change.
      const after = <T>(value: T | undefined, column: string, type: string) =>
        value !== undefined ? db`${value as never}::${db.unsafe(type)}` : db`${db(column)}`;
      const everyAfter = after(change.everyMs, 'every_ms', 'bigint');
      const enabledAfter = after(change.enabled, 'enabled', 'boolean');
      const cronAfter = after(change.cron, 'cron', 'text');
      const zoneAfter = after(change.timezone, 'timezone', 'text');
      const restarts = db`((NOT enabled AND ${enabledAfter}) OR every_ms IS DISTINCT FROM ${everyAfter}
        OR cron IS DISTINCT FROM ${cronAfter} OR timezone IS DISTINCT FROM ${zoneAfter})`;
      const [row] = await db`
        UPDATE schedules SET ${db(set as never)}${Object.keys(set).length ? db`,` : db``}
          -- The interval's slots count afresh from now when it is enabled again or its interval
          -- changes (a new interval schedule fires first one interval later); otherwise they keep
          -- their anchor.
          every_anchor_at = CASE
            WHEN ${everyAfter} IS NULL THEN NULL
            WHEN (NOT enabled AND ${enabledAfter}) OR every_ms IS DISTINCT FROM ${everyAfter} OR every_anchor_at IS NULL
              THEN now()
            ELSE every_anchor_at END,
          -- Slots before a new timing (or while disabled) are neither run nor missed.
          last_slot_at = CASE WHEN ${restarts} THEN now() ELSE last_slot_at END,
          ${
            change.tags !== undefined
              ? db`tags = ARRAY(SELECT jsonb_array_elements_text(${jsonParam(db, change.tags)})),`
              : db``
          }
          ${
            change.overridden !== undefined
              ? db`overridden_at = ${change.overridden ? (change.overridden.at ?? db`now()`) : null},`
              : db``
          }
          ${
            change.pause
              ? change.pause.until === 'now'
                ? db`paused_until = now(),`
                : db`paused_until = ${change.pause.until}, paused_at = now(),`
              : db``
          }
          ${
            actor
              ? db`updated_by = ${actor.startedBy ?? 'unknown'}, updated_by_clerk_id = ${actor.startedByClerkId ?? null},
                   updated_at = now()`
              : db`updated_at = updated_at`
          }
        WHERE name = ${name}
        RETURNING *`;
      return row ? toSchedule(row) : null;
    },

    /** Deletes a schedule its code no longer declares (call it holding the lock): no admin removed it. */
    async retire(db: Sql, name: string): Promise<void> {
      await db`DELETE FROM schedules WHERE name = ${name}`;
    },

    /** Deletes one schedule and records its removal (call it holding the lock); null for an unknown name. */
    async delete(db: Sql, name: string, actor: ScheduleActor): Promise<ScheduleRecord | null> {
      const [row] = await db`DELETE FROM schedules WHERE name = ${name} RETURNING *`;
      if (!row) return null;
      const removed = toSchedule(row);
      await db`
        INSERT INTO schedule_removals (name, job_type, removed_by, removed_by_clerk_id)
        VALUES (${name}, ${removed.jobType}, ${actor.startedBy ?? 'unknown'}, ${actor.startedByClerkId ?? null})
        ON CONFLICT (name) DO UPDATE SET job_type = EXCLUDED.job_type, removed_at = now(),
          removed_by = EXCLUDED.removed_by, removed_by_clerk_id = EXCLUDED.removed_by_clerk_id`;
      return removed;
    },

    /**
     * Applies `change` to one schedule inside the schedules lock and runs `mirror` with the new
     * version before the lock is released; answers null for an unknown name.
     */
    async update(
      name: string,
      change: ScheduleChange,
      actor: ScheduleActor,
      mirror: (schedule: ScheduleRecord) => Promise<void>,
    ): Promise<ScheduleRecord | null> {
      return store.locked(async (tx) => {
        const schedule = await store.write(tx, name, change, actor);
        if (schedule) await mirror(schedule);
        return schedule;
      });
    },

    /** Creates a schedule (inside the lock, mirrored before it is released); null if the name is taken. */
    async create(
      schedule: NewSchedule,
      actor: ScheduleActor,
      mirror: (schedule: ScheduleRecord) => Promise<void>,
    ): Promise<ScheduleRecord | null> {
      return store.locked(async (tx) => {
        const created = await store.insert(tx, schedule, actor);
        if (created) await mirror(created);
        return created;
      });
    },

    /**
     * Deletes one schedule and records its removal, inside the lock; `unmirror` takes it out of
     * Redis before the lock is released (if it throws, nothing is deleted). Answers the removed
     * schedule, or null for an unknown name. Its past runs keep their schedule name.
     */
    async remove(
      name: string,
      actor: ScheduleActor,
      unmirror: (schedule: ScheduleRecord) => Promise<void>,
    ): Promise<ScheduleRecord | null> {
      return store.locked(async (tx) => {
        const removed = await store.delete(tx, name, actor);
        if (removed) await unmirror(removed);
        return removed;
      });
    },

    /** Runs `work` holding the schedules lock (a transaction-scoped advisory lock). */
    async locked<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
      return sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(hashtext(${SCHEDULES_LOCK}))`;
        return work(tx as unknown as Sql);
      }) as Promise<T>;
    },

    /** The newest run of each named schedule. */
    async lastRuns(names: readonly string[]): Promise<Map<string, LastRun>> {
      if (names.length === 0) return new Map();
      const rows = await sql`
        SELECT s.name, j.id, j.status, j.created_at, j.completed_at
        FROM jsonb_array_elements_text(${jsonParam(sql, names)}) AS s(name)
        CROSS JOIN LATERAL (
          SELECT id, status, created_at, completed_at FROM scheduled_jobs
          WHERE schedule_name = s.name ORDER BY created_at DESC LIMIT 1) j`;
      return new Map(
        rows.map((r) => [
          r.name as string,
          {
            id: r.id as string,
            status: r.status as JobStatus,
            createdAt: r.created_at as Date,
            completedAt: (r.completed_at as Date | null) ?? null,
          },
        ]),
      );
    },
  };
  return store;
}

export type ScheduleStore = ReturnType<typeof createScheduleStore>;
