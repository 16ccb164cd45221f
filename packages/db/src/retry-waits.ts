import type { Sql } from './client.ts';
import { type JobSummaryRecord, SUMMARY_COLUMNS, summaryFromRow } from './job-store.ts';
import { COUNT_CAP } from './sql-helpers.ts';

/** Which retry waits: of one type, and/or whose failed attempt's error contains a text. */
export interface RetryWaitFilter {
  type?: string;
  /** Part of the failed attempt's error, any case. */
  error?: string;
}

/** A job waiting out its backoff, with the attempt that sent it there. */
export type RetryWaitRecord = JobSummaryRecord & {
  /** When the failed attempt ended (what the backoff counts from). */
  lastFailureAt: Date;
  /** That attempt's error. */
  attemptError: string | null;
};

/**
 * Jobs waiting between attempts: pending, their newest attempt failed and nothing changed them
 * since (the same rule as JobStore's LAST_FAILURE_SQL, as a join), so BullMQ holds them for their
 * backoff. Those that failed longest ago (and so retry soonest within a type) come first.
 */
export function createRetryWaits(sql: Sql) {
  const matching = ({ type, error }: RetryWaitFilter) => sql`
    SELECT j.id, a.error AS attempt_error FROM scheduled_jobs j
    JOIN job_attempts a ON a.job_id = j.id AND a.number = j.attempts AND a.outcome = 'failed'
      AND a.ended_at = j.updated_at
    WHERE j.status = 'pending' AND j.attempts >= 1
      ${type ? sql`AND j.job_type = ${type}` : sql``}
      ${error ? sql`AND a.error ILIKE ${`%${escapeLike(error)}%`}` : sql``}`;

  return {
    async list(
      filter: RetryWaitFilter & { limit: number; page: number },
    ): Promise<{ jobs: RetryWaitRecord[]; total: number; totalIsExact: boolean }> {
      const [rows, [count]] = await Promise.all([
        sql`WITH waits AS (${matching(filter)})
            SELECT ${sql.unsafe(SUMMARY_COLUMNS)}, waits.attempt_error
            FROM scheduled_jobs JOIN waits USING (id)
            ORDER BY updated_at, id LIMIT ${filter.limit} OFFSET ${(filter.page - 1) * filter.limit}`,
        sql`SELECT count(*)::int AS n FROM (${matching(filter)} LIMIT ${COUNT_CAP + 1}) w`,
      ]);
      const counted = (count?.n as number) ?? 0;
      return {
        jobs: rows.map((r) => ({
          ...summaryFromRow(r),
          lastFailureAt: r.last_failure_at as Date,
          attemptError: (r.attempt_error as string | null) ?? null,
        })),
        total: Math.min(counted, COUNT_CAP),
        totalIsExact: counted <= COUNT_CAP,
      };
    },

    /** The ids and types of up to `max` matching jobs, those that failed longest ago first. */
    async matching(filter: RetryWaitFilter, max: number): Promise<Array<{ id: string; jobType: string }>> {
      const rows = await sql`
        WITH waits AS (${matching(filter)})
        SELECT id, job_type FROM scheduled_jobs JOIN waits USING (id) ORDER BY updated_at, id LIMIT ${max}`;
      return rows.map((r) => ({ id: r.id as string, jobType: r.job_type as string }));
    },

    /** Whether this job waits out a backoff now. */
    async isWaiting(id: string): Promise<boolean> {
      const [row] = await sql`SELECT 1 FROM (${matching({})}) w WHERE w.id = ${id}`;
      return row !== undefined;
    },
  };
}

export type RetryWaits = ReturnType<typeof createRetryWaits>;

/** A text matched literally by LIKE: its wildcards and the escape character escaped. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
