import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from './client.ts';
import { jsonParam } from './sql-helpers.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

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

/** Lines kept in memory while Postgres cannot take them; beyond this, new lines are dropped and counted. */
export const JOB_LOG_BUFFER_LINES = 10_000;
const MAX_BATCH = 500;
const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/**
 * Durable job log lines. `append` never waits for Postgres: a line joins a bounded buffer that
 * one writer empties in batches of up to 500 (one INSERT each, in order). While Postgres is
 * away the buffer holds the lines and the writer tries again with backoff, so an outage of the
 * record never slows or fails a job; only past `bufferLines` are new lines dropped, counted in
 * `dropped`.
 */
export function createJobLogs(sql: Sql, { bufferLines = JOB_LOG_BUFFER_LINES } = {}) {
  let buffer: NewLogLine[] = [];
  let dropped = 0;
  let writing: Promise<void> | null = null;

  const insert = async (lines: NewLogLine[], writeBatch: string | null = null) => {
    const values = lines.map((l) => ({
      job_id: l.jobId,
      level: l.level,
      message: l.message.slice(0, MAX_MESSAGE),
      data: l.data ?? null,
    }));
    // ORDINALITY keeps the ids in the order the lines were written.
    await sql`
      INSERT INTO job_logs (job_id, level, message, data, write_batch)
      SELECT job_id, level, message, data, ${writeBatch}::uuid
      FROM ROWS FROM (jsonb_to_recordset(${jsonParam(sql, values)})
                        AS (job_id uuid, level text, message text, data jsonb))
           WITH ORDINALITY AS v(job_id, level, message, data, n)
      ORDER BY n`;
  };

  /** Whether a batch, written in one statement, was committed (its first line's job has its key). */
  const committed = async (batch: readonly NewLogLine[], writeBatch: string) => {
    const [first] = batch;
    if (!first) return false;
    const rows = await sql`
      SELECT 1 FROM job_logs WHERE job_id = ${first.jobId} AND write_batch = ${writeBatch}::uuid LIMIT 1`;
    return rows.length > 0;
  };

  // One writer at a time: two batches on two connections could commit (and number) a later
  // line before an earlier one.
  const writeAll = async () => {
    let failures = 0;
    // Set once the batch at the head of the buffer met an outage: Postgres may have committed it
    // without the writer hearing so, and the retry (of the same lines: lines appended meanwhile
    // wait for the next batch) must not write them twice.
    let inDoubt: { key: string; lines: number } | null = null;
    while (buffer.length > 0) {
      const batch = buffer.slice(0, inDoubt?.lines ?? MAX_BATCH);
      const writeBatch: string = inDoubt?.key ?? randomUUID();
      try {
        if (inDoubt === null || !(await committed(batch, writeBatch))) await insert(batch, writeBatch);
        buffer = buffer.slice(batch.length);
        failures = 0;
        inDoubt = null;
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          // Keep the lines and wait for Postgres.
          inDoubt = { key: writeBatch, lines: batch.length };
          await sleep(RETRY_DELAYS_MS[Math.min(failures++, RETRY_DELAYS_MS.length - 1)] as number);
          continue;
        }
        // A line Postgres refuses (a job deleted meanwhile, text it cannot store): write the
        // batch line by line so only the bad ones are lost.
        buffer = buffer.slice(batch.length);
        inDoubt = null;
        for (const line of batch) await insert([line]).catch(() => dropped++);
      }
    }
  };

  const startWriting = () => {
    writing ??= writeAll().finally(() => {
      writing = null;
      if (buffer.length > 0) startWriting();
    });
  };

  return {
    /** Keeps a line; returns at once. */
    append(line: NewLogLine): void {
      if (buffer.length >= bufferLines) {
        dropped++;
        return;
      }
      buffer.push(line);
      startWriting();
    },

    /** Lines waiting for Postgres, and lines dropped because the buffer was full. */
    get pending() {
      return buffer.length;
    },
    get dropped() {
      return dropped;
    },

    /** Waits until every kept line is written, or `timeoutMs` passes; answers whether all were. */
    async flush(timeoutMs = 5000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (buffer.length > 0 && Date.now() < deadline) {
        await Promise.race([writing, sleep(Math.min(100, deadline - Date.now()))]);
      }
      return buffer.length === 0;
    },

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
