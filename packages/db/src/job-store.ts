import type { Sql } from './client.ts';
import type { JobProgress, JobRecord, JobResult, JobStatus, Priority } from './types.ts';

export interface NewJob {
  jobType: string;
  payload: Record<string, unknown>;
  priority: Priority;
  maxAttempts: number;
  startedBy: string | null;
  scheduleName?: string | null;
  retryOf?: string | null;
}

export interface JobFilter {
  type?: string;
  status?: JobStatus;
  from?: Date;
  to?: Date;
  limit: number;
  page: number;
}

type Row = Record<string, unknown>;

const toRecord = (r: Row): JobRecord => ({
  id: r.id as string,
  jobType: r.job_type as string,
  status: r.status as JobStatus,
  startedAt: (r.started_at as Date | null) ?? null,
  completedAt: (r.completed_at as Date | null) ?? null,
  startedBy: (r.started_by as string | null) ?? null,
  error: (r.error as string | null) ?? null,
  result: (r.result as JobResult | null) ?? null,
  payload: (r.payload as Record<string, unknown>) ?? {},
  priority: r.priority as Priority,
  attempts: r.attempts as number,
  maxAttempts: r.max_attempts as number,
  progress: (r.progress as JobProgress | null) ?? null,
  workerId: (r.worker_id as string | null) ?? null,
  scheduleName: (r.schedule_name as string | null) ?? null,
  retryOf: (r.retry_of as string | null) ?? null,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

// Rows that reached a terminal status never change again: every settling update is guarded
// by this, so the first outcome recorded wins (a late retry or a reconciler cannot undo it).
const UNFINISHED = ['pending', 'running'];

/** All reads and writes of `scheduled_jobs`. */
export function createJobStore(sql: Sql) {
  return {
    async insert(job: NewJob): Promise<JobRecord> {
      const [row] = await sql`
        INSERT INTO scheduled_jobs
          (job_type, payload, priority, max_attempts, started_by, schedule_name, retry_of)
        VALUES (${job.jobType}, ${sql.json(job.payload as never)}, ${job.priority},
          ${job.maxAttempts}, ${job.startedBy}, ${job.scheduleName ?? null}, ${job.retryOf ?? null})
        RETURNING *`;
      return toRecord(row as Row);
    },

    async get(id: string): Promise<JobRecord | null> {
      const [row] = await sql`SELECT * FROM scheduled_jobs WHERE id = ${id}`;
      return row ? toRecord(row) : null;
    },

    async list(filter: JobFilter): Promise<{ jobs: JobRecord[]; total: number }> {
      const conditions = [
        filter.type ? sql`job_type = ${filter.type}` : null,
        filter.status ? sql`status = ${filter.status}` : null,
        filter.from ? sql`created_at >= ${filter.from}` : null,
        filter.to ? sql`created_at < ${filter.to}` : null,
      ].filter((c) => c !== null);
      const where = conditions.reduce((all, c) => sql`${all} AND ${c}`, sql`TRUE`);
      const [rows, [count]] = await Promise.all([
        sql`SELECT * FROM scheduled_jobs WHERE ${where}
            ORDER BY created_at DESC, id DESC
            LIMIT ${filter.limit} OFFSET ${(filter.page - 1) * filter.limit}`,
        sql`SELECT count(*)::int AS total FROM scheduled_jobs WHERE ${where}`,
      ]);
      return { jobs: rows.map(toRecord), total: (count?.total as number) ?? 0 };
    },

    /**
     * A worker took the job. Returns null when the row is gone or already terminal (cancelled
     * while queued, or settled by the reconciler): the worker must then not run it.
     */
    async markRunning(id: string, attempt: number, workerId: string): Promise<JobRecord | null> {
      const [row] = await sql`
        UPDATE scheduled_jobs
        SET status = 'running', started_at = coalesce(started_at, now()), attempts = ${attempt},
            worker_id = ${workerId}, error = NULL, updated_at = now()
        WHERE id = ${id} AND status IN ${sql(UNFINISHED)}
        RETURNING *`;
      return row ? toRecord(row) : null;
    },

    async setProgress(id: string, progress: JobProgress): Promise<void> {
      await sql`
        UPDATE scheduled_jobs SET progress = ${sql.json(progress as never)}, updated_at = now()
        WHERE id = ${id} AND status = 'running'`;
    },

    async markCompleted(id: string, result: JobResult): Promise<boolean> {
      const rows = await sql`
        UPDATE scheduled_jobs
        SET status = 'completed', completed_at = now(), result = ${sql.json(result as never)},
            progress = jsonb_set(coalesce(progress, '{}'::jsonb), '{percent}', '100'),
            error = NULL, updated_at = now()
        WHERE id = ${id} AND status IN ${sql(UNFINISHED)}
        RETURNING id`;
      return rows.length > 0;
    },

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
      await sql`
        UPDATE scheduled_jobs SET status = 'pending', error = ${error}, updated_at = now()
        WHERE id = ${id} AND status IN ${sql(UNFINISHED)}`;
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
