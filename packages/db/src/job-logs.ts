import { createBatcher } from './batcher.ts';
import type { Sql } from './client.ts';
import { jsonParam } from './sql-helpers.ts';

export const LOG_LEVELS = ['info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface NewLogLine {
  jobId: string;
  level: LogLevel;
  message: string;
  data?: Record<string, unknown> | null;
}

export interface LogLine {
  id: string;
  at: Date;
  level: LogLevel;
  message: string;
  data: Record<string, unknown> | null;
}

/** Longest message kept; handlers log summaries, not documents. */
const MAX_MESSAGE = 2000;

/**
 * Durable job log lines. Lines of every job running in a worker leave together in one INSERT
 * (see createBatcher), so a chatty handler costs a statement per batch, not per line.
 */
export function createJobLogs(sql: Sql) {
  const appendBatched = createBatcher<NewLogLine, void>(
    async (lines) => {
      const values = lines.map((l) => ({
        job_id: l.jobId,
        level: l.level,
        message: l.message.slice(0, MAX_MESSAGE),
        data: l.data ?? null,
      }));
      // ORDINALITY keeps the ids in the order the lines were written.
      await sql`
      INSERT INTO job_logs (job_id, level, message, data)
      SELECT job_id, level, message, data
      FROM ROWS FROM (jsonb_to_recordset(${jsonParam(sql, values)})
                        AS (job_id uuid, level text, message text, data jsonb))
           WITH ORDINALITY AS v(job_id, level, message, data, n)
      ORDER BY n`;
      return lines.map(() => undefined);
      // One batch at a time: two in flight on two connections could commit (and number) a later
      // line before an earlier one.
    },
    { maxInFlight: 1 },
  );

  return {
    append: (line: NewLogLine): Promise<void> => appendBatched(line),

    /** Lines of one job after `afterId`, oldest first. */
    async page(jobId: string, afterId: string | null, limit: number): Promise<LogLine[]> {
      const rows = await sql`
        SELECT id, at, level, message, data FROM job_logs
        WHERE job_id = ${jobId} ${afterId ? sql`AND id > ${afterId}` : sql``}
        ORDER BY id LIMIT ${limit}`;
      return rows.map((r) => ({
        id: String(r.id),
        at: r.at as Date,
        level: r.level as LogLevel,
        message: r.message as string,
        data: (r.data as Record<string, unknown> | null) ?? null,
      }));
    },
  };
}

export type JobLogs = ReturnType<typeof createJobLogs>;
