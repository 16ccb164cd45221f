import type { Sql } from './client.ts';
import { type JobSearch, type SearchPool, searchConditions, withinSearchPool } from './job-search.ts';
import { COUNT_CAP, jsonParam, selectPage, uuidArray } from './sql-helpers.ts';
import {
  type JobProgress,
  type JobRecord,
  type JobResult,
  type JobStatus,
  type Priority,
  UNFINISHED_STATUSES,
} from './types.ts';

export interface NewJob {
  /**
   * The new job's id when the caller must be able to ask for this very job again and get it
   * rather than a second one (a bulk retry resumed by another process); random by default.
   */
  id?: string;
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
  /** Labels to find it by (checked by the caller: see tagsProblem). */
  tags?: readonly string[];
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

/** A search (see JobSearch) and the page of it to read. */
export interface JobFilter extends JobSearch {
  limit: number;
  page: number;
  /** The id of the last job of the previous page: continue after it (instead of `page`). */
  after?: string;
}

/**
 * A job without its payload and result (what a listing of many needs), whether it is a dry run,
 * and when the failed attempt it waits to retry after ended (see LAST_FAILURE_SQL).
 */
export type JobSummaryRecord = Omit<JobRecord, 'payload' | 'result'> & { dryRun: boolean; lastFailureAt: Date | null };

// A pending job whose newest attempt failed, and that has not changed since (the lifecycle
// closes the attempt and updates the row in one statement, so both carry the same now()),
// waits out BullMQ's backoff: when that attempt ended. A job queued again after a lost attempt
// (closed as lost) or a postponed one (the row changed after the failure) goes again at once,
// and one never started has no attempt. One primary-key lookup, for pending jobs only.
export const LAST_FAILURE_SQL = `(SELECT a.ended_at FROM job_attempts a
  WHERE scheduled_jobs.status = 'pending' AND a.job_id = scheduled_jobs.id
    AND a.number = scheduled_jobs.attempts AND a.outcome = 'failed' AND a.ended_at = scheduled_jobs.updated_at)`;

// A summary's columns: everything but payload and result, which can be large.
export const SUMMARY_COLUMNS = `id, job_type, status, started_at, completed_at, started_by, started_by_clerk_id, error,
  priority, attempts, max_attempts, progress, worker_id, schedule_name, schedule_slot, retry_of, tags,
  cancel_requested_at, created_at, updated_at, coalesce(payload->'dryRun' = 'true'::jsonb, false) AS dry_run,
  ${LAST_FAILURE_SQL} AS last_failure_at`;

export const summaryFromRow = (r: Row): JobSummaryRecord => {
  const { payload: _payload, result: _result, ...rest } = jobRecordFromRow(r);
  return { ...rest, dryRun: r.dry_run === true, lastFailureAt: (r.last_failure_at as Date | null) ?? null };
};

/** Whether a job's payload asks for a dry run (nothing is sent or written). */
export const isDryRun = (job: Pick<JobRecord, 'payload'>) => job.payload.dryRun === true;

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
  tags: (r.tags as string[] | null) ?? [],
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

    /**
     * One page of the jobs a search matches, newest first, and how many match (counted up to
     * COUNT_CAP); each job with when the failed attempt it waits to retry after ended (see
     * LAST_FAILURE_SQL), read in the same statement. `within` a search pool, each statement is
     * bounded by the pool's timeout, else SearchTooBroadError (see withinSearchPool).
     */
    async list(
      filter: JobFilter,
      { within }: { within?: SearchPool } = {},
    ): Promise<{ jobs: Array<JobRecord & { lastFailureAt: Date | null }>; total: number; totalIsExact: boolean }> {
      const read = async (db: Sql) => {
        const { rows, total, totalIsExact } = await selectPage(
          db,
          'scheduled_jobs',
          searchConditions(db, filter),
          db`created_at DESC, id DESC`,
          filter,
          // Positioned on the cursor row itself, to the microsecond.
          filter.after
            ? db`(created_at, id) < (SELECT created_at, id FROM scheduled_jobs WHERE id = ${filter.after})`
            : null,
          db`*, ${db.unsafe(LAST_FAILURE_SQL)} AS last_failure_at`,
        );
        const jobs = rows.map((r) => ({
          ...jobRecordFromRow(r),
          lastFailureAt: (r.last_failure_at as Date | null) ?? null,
        }));
        return { jobs, total, totalIsExact };
      };
      return within ? withinSearchPool(within, read) : read(sql);
    },

    /** Summaries of these jobs (ids without a row are left out). */
    async summaries(ids: readonly string[]): Promise<JobSummaryRecord[]> {
      const uuids = ids.filter(isJobId);
      if (uuids.length === 0) return [];
      const rows = await sql`
        SELECT ${sql.unsafe(SUMMARY_COLUMNS)} FROM scheduled_jobs WHERE id = ANY(${uuidArray(sql, uuids)})`;
      return rows.map(summaryFromRow);
    },

    /** The newest started of the running jobs, up to `limit`, and how many run (counted up to COUNT_CAP). */
    async running(limit: number): Promise<{ jobs: JobSummaryRecord[]; total: number }> {
      const [rows, [count]] = await Promise.all([
        sql`SELECT ${sql.unsafe(SUMMARY_COLUMNS)} FROM scheduled_jobs WHERE status = 'running'
            ORDER BY started_at DESC NULLS LAST, id LIMIT ${limit}`,
        sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM scheduled_jobs WHERE status = 'running' LIMIT ${COUNT_CAP}) r`,
      ]);
      return { jobs: rows.map(summaryFromRow), total: (count?.n as number) ?? 0 };
    },

    /**
     * Pending jobs that wait for something other than a worker: after a failed attempt (BullMQ
     * holds them for their backoff), or of a type whose queue is paused. Up to `limit` of them,
     * those that failed longest ago first, and how many there are (counted up to COUNT_CAP).
     */
    async waiting(pausedTypes: readonly string[], limit: number): Promise<{ jobs: JobSummaryRecord[]; total: number }> {
      const waits = sql`status = 'pending' AND ((attempts >= 1 AND ${sql.unsafe(LAST_FAILURE_SQL)} IS NOT NULL)
        OR job_type IN (SELECT jsonb_array_elements_text(${jsonParam(sql, pausedTypes)})))`;
      const [rows, [count]] = await Promise.all([
        sql`SELECT ${sql.unsafe(SUMMARY_COLUMNS)} FROM scheduled_jobs WHERE ${waits} ORDER BY updated_at, id LIMIT ${limit}`,
        sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM scheduled_jobs WHERE ${waits} LIMIT ${COUNT_CAP}) w`,
      ]);
      return { jobs: rows.map(summaryFromRow), total: (count?.n as number) ?? 0 };
    },

    /** The newest failed jobs (by when they were created: the index's order), up to `limit`. */
    async recentFailures(limit: number): Promise<JobSummaryRecord[]> {
      const rows = await sql`
        SELECT ${sql.unsafe(SUMMARY_COLUMNS)} FROM scheduled_jobs WHERE status = 'failed'
        ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
      return rows.map(summaryFromRow);
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
