import type { Sql } from './client.ts';
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
  overlapPolicy: OverlapPolicy;
}

export type NewSchedule = Pick<ScheduleRecord, 'name' | 'jobType' | 'cron' | 'everyMs' | 'timezone' | 'enabled'> &
  Partial<Pick<ScheduleRecord, 'payload' | 'priority' | 'description'>>;

/** What an edit may change; absent fields stay as they are. */
export type ScheduleChange = Partial<
  Pick<ScheduleRecord, 'cron' | 'everyMs' | 'timezone' | 'enabled' | 'payload' | 'priority' | 'description'>
>;

type Actor = { startedBy: string | null; startedByClerkId?: string | null };

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
    async list(): Promise<ScheduleRecord[]> {
      return (await sql`SELECT * FROM schedules ORDER BY name`).map(toSchedule);
    },

    async get(name: string): Promise<ScheduleRecord | null> {
      const [row] = await sql`SELECT * FROM schedules WHERE name = ${name}`;
      return row ? toSchedule(row) : null;
    },

    /**
     * Inserts the defaults that do not exist yet; existing rows, edited or not, are left alone,
     * and so are defaults an admin removed (see `remove`).
     */
    async insertDefaults(defaults: readonly NewSchedule[], db: Sql = sql): Promise<string[]> {
      if (defaults.length === 0) return [];
      const rows = await db`
        INSERT INTO schedules (name, job_type, cron, every_ms, every_anchor_at, timezone, enabled, payload, priority,
                               description)
        SELECT name, job_type, cron, every_ms, CASE WHEN every_ms IS NOT NULL THEN now() END, timezone, enabled,
               payload, priority, description
        FROM jsonb_to_recordset(${sql.json(
          defaults.map((d) => ({
            name: d.name,
            job_type: d.jobType,
            cron: d.cron,
            every_ms: d.everyMs,
            timezone: d.timezone,
            enabled: d.enabled,
            payload: d.payload ?? {},
            priority: d.priority ?? null,
            description: d.description ?? null,
          })) as never,
        )}::jsonb) AS v(name text, job_type text, cron text, every_ms bigint, timezone text, enabled boolean,
                        payload jsonb, priority text, description text)
        WHERE NOT EXISTS (SELECT 1 FROM schedule_removals r WHERE r.name = v.name)
        ON CONFLICT (name) DO NOTHING
        RETURNING name`;
      return rows.map((r) => r.name as string);
    },

    /**
     * Applies `change` to one schedule inside the schedules lock and runs `mirror` with the new
     * version before the lock is released; answers null for an unknown name.
     */
    async update(
      name: string,
      change: ScheduleChange,
      actor: Actor,
      mirror: (schedule: ScheduleRecord) => Promise<void>,
    ): Promise<ScheduleRecord | null> {
      return store.locked(async (tx) => {
        const set: Record<string, unknown> = {};
        if (change.cron !== undefined) set.cron = change.cron;
        if (change.everyMs !== undefined) set.every_ms = change.everyMs;
        if (change.timezone !== undefined) set.timezone = change.timezone;
        if (change.enabled !== undefined) set.enabled = change.enabled;
        if (change.payload !== undefined) set.payload = sql.json(change.payload as never);
        if (change.priority !== undefined) set.priority = change.priority;
        if (change.description !== undefined) set.description = change.description;
        // The interval's slots count afresh from now when it is enabled again or its interval
        // changes (a new interval schedule fires first one interval later); otherwise they keep
        // their anchor. In SET, the columns are the row before the change.
        const everyAfter = change.everyMs !== undefined ? tx`${change.everyMs}::bigint` : tx`every_ms`;
        const enabledAfter = change.enabled !== undefined ? tx`${change.enabled}::boolean` : tx`enabled`;
        const [row] = await tx`
          UPDATE schedules SET ${tx(set as never)}${Object.keys(set).length ? tx`,` : tx``}
            every_anchor_at = CASE
              WHEN ${everyAfter} IS NULL THEN NULL
              WHEN (NOT enabled AND ${enabledAfter}) OR every_ms IS DISTINCT FROM ${everyAfter} OR every_anchor_at IS NULL
                THEN now()
              ELSE every_anchor_at END,
            updated_by = ${actor.startedBy ?? 'unknown'}, updated_by_clerk_id = ${actor.startedByClerkId ?? null},
            updated_at = now()
          WHERE name = ${name}
          RETURNING *`;
        if (!row) return null;
        const schedule = toSchedule(row);
        await mirror(schedule);
        return schedule;
      });
    },

    /** Creates a schedule (inside the lock, mirrored before it is released); null if the name is taken. */
    async create(
      schedule: NewSchedule,
      actor: Actor,
      mirror: (schedule: ScheduleRecord) => Promise<void>,
    ): Promise<ScheduleRecord | null> {
      return store.locked(async (tx) => {
        // Creating a schedule under a removed name is asking for it back.
        await tx`DELETE FROM schedule_removals WHERE name = ${schedule.name}`;
        const [row] = await tx`
          INSERT INTO schedules (name, job_type, cron, every_ms, every_anchor_at, timezone, enabled, payload, priority,
                                 description, updated_by, updated_by_clerk_id)
          VALUES (${schedule.name}, ${schedule.jobType}, ${schedule.cron}, ${schedule.everyMs},
                  ${schedule.everyMs !== null ? tx`now()` : null}, ${schedule.timezone},
                  ${schedule.enabled}, ${tx.json((schedule.payload ?? {}) as never)}, ${schedule.priority ?? null},
                  ${schedule.description ?? null}, ${actor.startedBy ?? 'unknown'}, ${actor.startedByClerkId ?? null})
          ON CONFLICT (name) DO NOTHING
          RETURNING *`;
        if (!row) return null;
        const created = toSchedule(row);
        await mirror(created);
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
      actor: Actor,
      unmirror: (schedule: ScheduleRecord) => Promise<void>,
    ): Promise<ScheduleRecord | null> {
      return store.locked(async (tx) => {
        const [row] = await tx`DELETE FROM schedules WHERE name = ${name} RETURNING *`;
        if (!row) return null;
        const removed = toSchedule(row);
        await tx`
          INSERT INTO schedule_removals (name, job_type, removed_by, removed_by_clerk_id)
          VALUES (${name}, ${removed.jobType}, ${actor.startedBy ?? 'unknown'}, ${actor.startedByClerkId ?? null})
          ON CONFLICT (name) DO UPDATE SET job_type = EXCLUDED.job_type, removed_at = now(),
            removed_by = EXCLUDED.removed_by, removed_by_clerk_id = EXCLUDED.removed_by_clerk_id`;
        await unmirror(removed);
        return removed;
      });
    },

    /**
     * Puts back the named defaults that are missing, removed ones included, inside the lock;
     * `mirror` takes each one into Redis. Answers the schedules put back.
     */
    async restoreDefaults(
      defaults: readonly NewSchedule[],
      mirror: (schedule: ScheduleRecord) => Promise<void>,
    ): Promise<ScheduleRecord[]> {
      if (defaults.length === 0) return [];
      return store.locked(async (tx) => {
        await tx`DELETE FROM schedule_removals WHERE name IN ${tx(defaults.map((d) => d.name))}`;
        const names = await store.insertDefaults(defaults, tx);
        const restored = names.length
          ? (await tx`SELECT * FROM schedules WHERE name IN ${tx(names)} ORDER BY name`).map(toSchedule)
          : [];
        for (const schedule of restored) await mirror(schedule);
        return restored;
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
        FROM jsonb_array_elements_text(${sql.json([...names] as never)}::jsonb) AS s(name)
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
