import { createJobArchive, IDEMPOTENCY_WINDOW_HOURS, type Sql, TERMINAL_STATUSES } from '@scheduler/db';

export interface TableShare {
  /** Rows the cleanup would remove. */
  candidates: number;
  /** Rows in the table now. */
  total: number;
}

/** A condition on a table's rows, as a query fragment. */
type Condition = ReturnType<Sql>;

/**
 * The queries behind cleanup_old_data. Every delete takes one small batch per statement, so
 * no lock is held for long and a cancelled run stops between batches with what it did kept.
 */

export function createRetention(sql: Sql) {
  const terminalBefore = (cutoff: Date): Condition =>
    sql`status IN ${sql(TERMINAL_STATUSES)} AND created_at < ${cutoff}`;
  // Bookkeeping the ledger no longer needs: settled keys of weeks and days long past.
  const settledLedgerBefore = (cutoff: Date): Condition => sql`status <> 'claimed' AND claimed_at < ${cutoff}`;
  const expiredKeys: Condition = sql`created_at < now() - ${IDEMPOTENCY_WINDOW_HOURS} * interval '1 hour'`;
  const archive = createJobArchive(sql);

  const share = async (table: string, condition: Condition): Promise<TableShare> => {
    const [row] = await sql`
      SELECT (SELECT count(*)::int FROM ${sql(table)} WHERE ${condition}) AS candidates,
             (SELECT count(*)::int FROM ${sql(table)}) AS total`;
    return { candidates: row?.candidates as number, total: row?.total as number };
  };

  return {
    interactionsShare: (cutoff: Date) => share('user_interactions', sql`created_at < ${cutoff}`),
    archivableJobsShare: (cutoff: Date) => share('scheduled_jobs', terminalBefore(cutoff)),
    settledLedgerShare: (cutoff: Date) => share('side_effect_ledger', settledLedgerBefore(cutoff)),
    expiredIdempotencyKeysShare: () => share('idempotency_keys', expiredKeys),
    oldJobLogsShare: (cutoff: Date) => share('job_logs', sql`at < ${cutoff}`),
    oldJobEventsShare: (cutoff: Date) => share('job_events', sql`at < ${cutoff}`),

    /** Events serve live views and reconnecting clients, not history: they go after days. */
    async deleteOldJobEvents(cutoff: Date, batch: number): Promise<number> {
      const result = await sql`
        DELETE FROM job_events WHERE id IN (
          SELECT id FROM job_events WHERE at < ${cutoff} ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
      return result.count;
    },

    /** Log lines as old as the jobs that are archived go with them. */
    async deleteOldJobLogs(cutoff: Date, batch: number): Promise<number> {
      const result = await sql`
        DELETE FROM job_logs WHERE id IN (
          SELECT id FROM job_logs WHERE at < ${cutoff} ORDER BY at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
      return result.count;
    },

    /** Deletes up to `batch` interactions older than `cutoff`, oldest first. */
    async deleteInteractions(cutoff: Date, batch: number): Promise<number> {
      const result = await sql`
        DELETE FROM user_interactions WHERE id IN (
          SELECT id FROM user_interactions WHERE created_at < ${cutoff}
          ORDER BY created_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
      return result.count;
    },

    /** Moves up to `batch` terminal jobs created before `cutoff`, with their attempts, into the archive tables, atomically. */
    archiveJobs: archive.archiveOlderThan,

    /** Idempotency keys past their window answer nothing any more. */
    async deleteExpiredIdempotencyKeys(_cutoff: Date, batch: number): Promise<number> {
      const result = await sql`
        DELETE FROM idempotency_keys WHERE (principal, key) IN (
          SELECT principal, key FROM idempotency_keys WHERE ${expiredKeys} LIMIT ${batch})`;
      return result.count;
    },

    async deleteSettledLedger(cutoff: Date, batch: number): Promise<number> {
      const result = await sql`
        DELETE FROM side_effect_ledger WHERE key IN (
          SELECT key FROM side_effect_ledger WHERE ${settledLedgerBefore(cutoff)}
          LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
      return result.count;
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;
