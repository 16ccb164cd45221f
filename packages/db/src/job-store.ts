import type { Sql } from './client.ts';
import { selectPage, uuidArray } from './sql-helpers.ts';
import {
  type JobProgress,
  type JobRecord,
  type JobResult,
  type JobStatus,
  type Priority,
  UNFINISHED_STATUSES,
} from './types.ts';

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
  /**
   * When the caller stops waiting for this job to be recorded. A statement that reaches Postgres
   * later (held by a hung link) inserts nothing, so no job appears after its caller was told no.
   */
  notAfter?: Date | null;
}

/** What an insert did: created the job, or found the job that stands in its way (same slot, or an unfinished job of an exclusive type). */
export type InsertOutcome =
  | { record: JobRecord; created: true }
  | { record: JobRecord | null; created: false; expired?: boolean };

export interface JobFilter {
  type?: string;
  status?: JobStatus;
  from?: Date;
  to?: Date;
  /** Who started it: a users.id, 'service' or 'scheduler'. */
  startedBy?: string;
  limit: number;
  page: number;
  /** The id of the last job of the previous page: continue after it (instead of `page`). */
  after?: string;
}

type Row = Record<string, unknown>;

/** Whether `id` can be a job id at all (a UUID); anything else has no row and must not reach Postgres's uuid cast. */
export const isJobId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A `scheduled_jobs` row as the code sees it. */
export const jobRecordFromRow = (r: Row): JobRecord => ({
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
  cancelRequestedAt: (r.cancel_requested_at as Date | null) ?? null,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

/**
 * Reads of `scheduled_jobs`. Nothing here changes a job: every write goes through the
 * lifecycle (@scheduler/lifecycle), whose transition table guards it.
 */
export function createJobStore(sql: Sql) {
  return {
    async get(id: string): Promise<JobRecord | null> {
      const [row] = await sql`SELECT * FROM scheduled_jobs WHERE id = ${id}`;
      return row ? jobRecordFromRow(row) : null;
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
          filter.startedBy ? sql`started_by = ${filter.startedBy}` : null,
        ],
        sql`created_at DESC, id DESC`,
        filter,
        // Positioned on the cursor row itself, to the microsecond.
        filter.after
          ? sql`(created_at, id) < (SELECT created_at, id FROM scheduled_jobs WHERE id = ${filter.after})`
          : null,
      );
      return { jobs: rows.map(jobRecordFromRow), total, totalIsExact };
    },

    /** Which of these ids have a row (ids that are not UUIDs have none). */
    async existing(ids: readonly string[]): Promise<Set<string>> {
      const uuids = ids.filter(isJobId);
      if (uuids.length === 0) return new Set();
      const rows = await sql`SELECT id FROM scheduled_jobs WHERE id = ANY(${uuidArray(sql, uuids)})`;
      return new Set(rows.map((r) => r.id as string));
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
        WHERE status IN ${sql(UNFINISHED_STATUSES)} AND updated_at < ${notUpdatedSince} ${after}
        ORDER BY updated_at, id LIMIT ${limit}`;
      return rows.map(jobRecordFromRow);
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
