import type { Sql } from './client.ts';

/** A job type's queue paused on record (`queue_pauses`): what BullMQ's paused flag is made to say. */
export interface QueuePause {
  jobType: string;
  pausedAt: Date;
  /** users.id of whoever paused it, or 'service'. */
  pausedBy: string;
  pausedByClerkId: string | null;
  /** Resumes by itself then; null: until someone resumes it. */
  until: Date | null;
  reason: string | null;
}

export interface NewQueuePause {
  jobType: string;
  pausedBy: string;
  pausedByClerkId: string | null;
  until: Date | null;
  reason: string | null;
}

/**
 * The channel a trigger notifies (with the job type) when a pause is made, moved or ended, at
 * the commit of whatever wrote it.
 */
export const QUEUE_PAUSES_CHANNEL = 'queue_pauses';

const fromRow = (r: Record<string, unknown>): QueuePause => ({
  jobType: r.job_type as string,
  pausedAt: r.paused_at as Date,
  pausedBy: r.paused_by as string,
  pausedByClerkId: (r.paused_by_clerk_id as string | null) ?? null,
  until: (r.until as Date | null) ?? null,
  reason: (r.reason as string | null) ?? null,
});

/**
 * The `queue_pauses` table: a row per paused queue, deleted when it resumes (the audit log keeps
 * who paused and resumed what). Each call takes the connection or transaction to run in, so the
 * caller can hold its lock around the row and the BullMQ flag it mirrors into.
 */
export const queuePauses = {
  async list(db: Sql): Promise<QueuePause[]> {
    const rows = await db`SELECT * FROM queue_pauses ORDER BY job_type`;
    return rows.map(fromRow);
  },

  /**
   * Pauses the queue, or changes the end and reason of a pause that holds already (its start
   * stays: "paused since" is when the queue stopped).
   */
  async pause(db: Sql, pause: NewQueuePause): Promise<QueuePause> {
    const [row] = await db`
      INSERT INTO queue_pauses (job_type, paused_by, paused_by_clerk_id, until, reason)
      VALUES (${pause.jobType}, ${pause.pausedBy}, ${pause.pausedByClerkId}, ${pause.until}, ${pause.reason})
      ON CONFLICT (job_type) DO UPDATE SET
        paused_by = EXCLUDED.paused_by,
        paused_by_clerk_id = EXCLUDED.paused_by_clerk_id,
        until = EXCLUDED.until,
        reason = EXCLUDED.reason
      RETURNING *`;
    return fromRow(row as Record<string, unknown>);
  },

  /** Ends the pause; null when the queue was not paused. */
  async resume(db: Sql, jobType: string): Promise<QueuePause | null> {
    const [row] = await db`DELETE FROM queue_pauses WHERE job_type = ${jobType} RETURNING *`;
    return row ? fromRow(row) : null;
  },

  /**
   * Ends the pauses whose `until` has come (Postgres's clock, so replicas agree) and returns
   * them: the statement that deletes a row is the one process that reports its end.
   */
  async resumeExpired(db: Sql): Promise<QueuePause[]> {
    const rows = await db`DELETE FROM queue_pauses WHERE until <= now() RETURNING *`;
    return rows.map(fromRow);
  },
};
