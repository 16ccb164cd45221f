import { randomUUID } from 'node:crypto';
import { createBatcher } from './batcher.ts';
import type { Sql } from './client.ts';
import { selectPage, uuidArray } from './sql-helpers.ts';
import type { JobProgress, JobRecord, JobResult, JobStatus, Priority } from './types.ts';

export interface NewJob {
  jobType: string;
  payload: Record<string, unknown>;
  priority: Priority;
  maxAttempts: number;
  startedBy: string | null;
  startedByClerkId?: string | null;
  scheduleName?: string | null;
  /** The schedule slot (BullMQ job id of its tick) this run is for: one run per slot. */
  scheduleSlot?: string | null;
  /** Set for types that must not run twice at once: at most one unfinished job per key. */
  overlapKey?: string | null;
  retryOf?: string | null;
}

/** What an insert did: created the job, or found the job that stands in its way (same slot, or an unfinished job of an exclusive type). */
export type InsertOutcome = { record: JobRecord; created: true } | { record: JobRecord | null; created: false };

export interface JobFilter {
  type?: string;
  status?: JobStatus;
  from?: Date;
  to?: Date;
  limit: number;
  page: number;
  /** The id of the last job of the previous page: continue after it (instead of `page`). */
  after?: string;
}

type Row = Record<string, unknown>;

const toRecord = (r: Row): JobRecord => ({
  id: r.id as string,
  jobType: r.job_type as string,
  status: r.status as JobStatus,
  startedAt: (r.started_at as Date | null) ?? null,
  completedAt: (r.completed_at as Date | null) ?? null,
  startedBy: (r.started_by as string | null) ?? null,
  startedByClerkId: (r.started_by_clerk_id as string | null) ?? null,
  error: (r.error as string | null) ?? null,
  result: (r.result as JobResult | null) ?? null,
  payload: (r.payload as Record<string, unknown>) ?? {},
  priority: r.priority as Priority,
  attempts: r.attempts as number,
  maxAttempts: r.max_attempts as number,
  progress: (r.progress as JobProgress | null) ?? null,
  workerId: (r.worker_id as string | null) ?? null,
  scheduleName: (r.schedule_name as string | null) ?? null,
  scheduleSlot: (r.schedule_slot as string | null) ?? null,
  retryOf: (r.retry_of as string | null) ?? null,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

// Rows that reached a terminal status never change again: every settling update is guarded
// by this, so the first outcome recorded wins (a late retry or a reconciler cannot undo it).
const UNFINISHED = ['pending', 'running'];

/**
 * All reads and writes of `scheduled_jobs`. The writes on every job's path (insert, running,
 * completed) are batched: under load, one statement and one commit carry many jobs.
 */
export function createJobStore(sql: Sql) {
  const insertBatched = createBatcher(async (jobs: NewJob[]) => {
    const values = jobs.map((j) => ({
      id: randomUUID(),
      job_type: j.jobType,
      payload: j.payload,
      priority: j.priority,
      max_attempts: j.maxAttempts,
      started_by: j.startedBy,
      started_by_clerk_id: j.startedByClerkId ?? null,
      schedule_name: j.scheduleName ?? null,
      schedule_slot: j.scheduleSlot ?? null,
      overlap_key: j.overlapKey ?? null,
      retry_of: j.retryOf ?? null,
    }));
    const rows = await sql`
      INSERT INTO scheduled_jobs
        (id, job_type, payload, priority, max_attempts, started_by, started_by_clerk_id, schedule_name,
         schedule_slot, overlap_key, retry_of)
      SELECT id, job_type, payload, priority, max_attempts, started_by, started_by_clerk_id, schedule_name,
             schedule_slot, overlap_key, retry_of
      FROM jsonb_to_recordset(${asJson(values)}::jsonb) AS v(
        id uuid, job_type text, payload jsonb, priority text, max_attempts int, started_by text,
        started_by_clerk_id text, schedule_name text, schedule_slot text, overlap_key text, retry_of uuid)
      ON CONFLICT DO NOTHING
      RETURNING *`;
    const byId = new Map(rows.map((r) => [r.id as string, toRecord(r)]));
    const refused = values.filter((v) => !byId.has(v.id));
    if (refused.length === 0) {
      return values.map((v): InsertOutcome => ({ record: byId.get(v.id) as JobRecord, created: true }));
    }
    // Not inserted: the slot already has its run (its tick was delivered twice), or a job of an
    // exclusive type is unfinished. Either way the answer is that existing job.
    const existing = await sql`
      SELECT * FROM scheduled_jobs
      WHERE schedule_slot IN (SELECT jsonb_array_elements_text(${asJson(refused.map((v) => v.schedule_slot).filter(Boolean))}::jsonb))
         OR (overlap_key IN (SELECT jsonb_array_elements_text(${asJson(refused.map((v) => v.overlap_key).filter(Boolean))}::jsonb))
             AND status IN ('pending', 'running'))`;
    const bySlot = new Map(
      existing.filter((r) => r.schedule_slot).map((r) => [r.schedule_slot as string, toRecord(r)]),
    );
    const active = new Map(
      existing
        .filter((r) => r.overlap_key && UNFINISHED.includes(r.status as string))
        .map((r) => [r.overlap_key as string, toRecord(r)]),
    );
    return values.map((v): InsertOutcome => {
      const inserted = byId.get(v.id);
      if (inserted) return { record: inserted, created: true };
      const found = (v.schedule_slot && bySlot.get(v.schedule_slot)) || (v.overlap_key && active.get(v.overlap_key));
      // The blocking job finished between the insert and this read (never throw here: the
      // batch's other rows are committed): the caller may simply try again.
      return { record: found || null, created: false };
    });
  });

  type Transition =
    | { id: string; to: 'running'; attempt: number; workerId: string }
    | { id: string; to: 'completed'; result: JobResult };

  // Workers' start and completion writes share one batch (one statement, one commit): the two
  // never concern the same job at once, since a completion is only written after its start.
  const transitionBatched = createBatcher(async (moves: Transition[]) => {
    const rows = await sql`
      UPDATE scheduled_jobs j
      SET status = v.to,
          started_at = CASE WHEN v.to = 'running' THEN coalesce(j.started_at, now()) ELSE j.started_at END,
          attempts = coalesce(v.attempt, j.attempts),
          worker_id = coalesce(v."workerId", j.worker_id),
          completed_at = CASE WHEN v.to = 'completed' THEN now() END,
          result = CASE WHEN v.to = 'completed' THEN v.result ELSE j.result END,
          progress = CASE WHEN v.to = 'completed'
                          THEN jsonb_set(coalesce(j.progress, '{}'::jsonb), '{percent}', '100')
                          ELSE j.progress END,
          error = NULL, updated_at = now()
      FROM jsonb_to_recordset(${asJson(moves)}::jsonb)
        AS v(id uuid, "to" text, attempt int, "workerId" text, result jsonb)
      WHERE j.id = v.id AND j.id = ANY(${uuidArray(
        sql,
        moves.map((m) => m.id),
      )}) AND ${stillOpen}
      RETURNING j.id`;
    const moved = new Set(rows.map((r) => r.id as string));
    return moves.map((m) => moved.has(m.id));
  });

  // Batches travel as one JSON document: no per-type array encoding to get wrong.
  const asJson = (value: unknown) => sql.json(value as never);
  // The id list (uuidArray) lets the planner look rows up by primary key. Joined to the JSON alone, or with
  // an index-friendly status test, it combines in a status index and reads every unfinished
  // row (thousands when a backlog is queued) on each batch; NOT IN keeps it on the key.
  const stillOpen = sql`j.status NOT IN ('completed', 'failed', 'cancelled')`;

  return {
    /** Commits the row before resolving; concurrent inserts share one statement. */
    insert: (job: NewJob): Promise<InsertOutcome> => insertBatched(job),

    async get(id: string): Promise<JobRecord | null> {
      const [row] = await sql`SELECT * FROM scheduled_jobs WHERE id = ${id}`;
      return row ? toRecord(row) : null;
    },

    async list(filter: JobFilter): Promise<{ jobs: JobRecord[]; total: number; totalIsExact: boolean }> {
      const { rows, total, totalIsExact } = await selectPage(
        sql,
        'scheduled_jobs',
        [
          filter.type ? sql`job_type = ${filter.type}` : null,
          filter.status ? sql`status = ${filter.status}` : null,
          filter.from ? sql`created_at >= ${filter.from}` : null,
          filter.to ? sql`created_at < ${filter.to}` : null,
        ],
        sql`created_at DESC, id DESC`,
        filter,
        // Positioned on the cursor row itself, to the microsecond.
        filter.after
          ? sql`(created_at, id) < (SELECT created_at, id FROM scheduled_jobs WHERE id = ${filter.after})`
          : null,
      );
      return { jobs: rows.map(toRecord), total, totalIsExact };
    },

    /**
     * A worker took the job. False when the row is gone or already terminal (cancelled while
     * queued, or settled by the reconciler): the worker must then not run it.
     */
    markRunning: (id: string, attempt: number, workerId: string): Promise<boolean> =>
      transitionBatched({ id, to: 'running', attempt, workerId }),

    async setProgress(id: string, progress: JobProgress): Promise<void> {
      await sql`
        UPDATE scheduled_jobs SET progress = ${sql.json(progress as never)}, updated_at = now()
        WHERE id = ${id} AND status = 'running'`;
    },

    markCompleted: (id: string, result: JobResult): Promise<boolean> =>
      transitionBatched({ id, to: 'completed', result }),

    async markFailed(id: string, error: string, result: JobResult | null = null): Promise<boolean> {
      const rows = await sql`
        UPDATE scheduled_jobs
        SET status = 'failed', completed_at = now(), error = ${error},
            result = coalesce(${result ? sql.json(result as never) : null}::jsonb, result),
            updated_at = now()
        WHERE id = ${id} AND status IN ${sql(UNFINISHED)}
        RETURNING id`;
      return rows.length > 0;
    },

    /** An attempt failed and BullMQ will try again after its backoff. */
    async markRetrying(id: string, error: string): Promise<void> {
      // A job asked to stop does not get another attempt.
      await sql`
        UPDATE scheduled_jobs
        SET status = CASE WHEN cancel_requested_at IS NULL THEN 'pending' ELSE 'cancelled' END,
            completed_at = CASE WHEN cancel_requested_at IS NULL THEN NULL ELSE now() END,
            error = ${error}, updated_at = now()
        WHERE id = ${id} AND status IN ${sql(UNFINISHED)}`;
    },

    /** Settles a job that stopped on request, with what it did before it stopped. */
    async markCancelled(id: string, message: string, partial: JobResult | null): Promise<void> {
      await sql`
        UPDATE scheduled_jobs
        SET status = 'cancelled', completed_at = now(), error = ${message},
            result = ${partial ? sql.json(partial as never) : null}, updated_at = now()
        WHERE id = ${id} AND status IN ${sql(UNFINISHED)}`;
    },

    /**
     * Asks a job to stop. A pending job is cancelled at once (answers its row, now `cancelled`);
     * a running one is flagged for its worker (answers its row, still `running`); a finished or
     * unknown one answers null.
     */
    async requestCancel(id: string): Promise<JobRecord | null> {
      const [row] = await sql`
        UPDATE scheduled_jobs
        SET status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
            completed_at = CASE WHEN status = 'pending' THEN now() ELSE completed_at END,
            error = CASE WHEN status = 'pending' THEN 'cancelled before it started' ELSE error END,
            cancel_requested_at = coalesce(cancel_requested_at, now()), updated_at = now()
        WHERE id = ${id} AND status IN ${sql(UNFINISHED)}
        RETURNING *`;
      return row ? toRecord(row) : null;
    },

    /** Running jobs of this worker that someone asked to stop. */
    async cancelRequestsFor(workerId: string): Promise<string[]> {
      const rows = await sql`
        SELECT id FROM scheduled_jobs
        WHERE worker_id = ${workerId} AND status = 'running' AND cancel_requested_at IS NOT NULL`;
      return rows.map((r) => r.id as string);
    },

    /**
     * Unfinished rows not touched since `notUpdatedSince`, in (updated_at, id) order, one page
     * after `cursor`: the reconciler's work list.
     */
    async findUnfinished(
      notUpdatedSince: Date,
      limit: number,
      cursor: { updatedAt: Date; id: string } | null = null,
    ): Promise<JobRecord[]> {
      const after = cursor ? sql`AND (updated_at, id) > (${cursor.updatedAt}, ${cursor.id})` : sql``;
      const rows = await sql`
        SELECT * FROM scheduled_jobs
        WHERE status IN ${sql(UNFINISHED)} AND updated_at < ${notUpdatedSince} ${after}
        ORDER BY updated_at, id LIMIT ${limit}`;
      return rows.map(toRecord);
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
