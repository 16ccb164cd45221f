import type { Sql } from './client.ts';
import { TERMINAL_STATUSES } from './types.ts';

type Fragment = ReturnType<Sql>;

/**
 * Moves finished jobs, with their attempts, into `scheduled_jobs_archive` and
 * `job_attempts_archive`: what cleanup_old_data does to old jobs and a bulk delete to the jobs it
 * names. A job is archived only while it is finished (the guard is in the statement, so a job
 * that is still pending or running is never moved); archiving does not change its state, it
 * moves its row.
 */
export function createJobArchive(sql: Sql) {
  let columns: string | undefined;
  // The columns the two tables share (a migration adds a scheduled_jobs column to the archive too).
  const sharedColumns = async () => {
    if (columns) return columns;
    const names = (
      await sql`
        SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'scheduled_jobs'
        INTERSECT
        SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'scheduled_jobs_archive'`
    ).map((r) => r.column_name as string);
    // Spelled out rather than sql(columns): after INSERT INTO, postgres.js reads an array as rows.
    columns = names.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
    return columns;
  };

  /** Archives up to `batch` finished jobs matching `condition`, oldest first, atomically; the jobs moved. */
  async function archiveWhere(condition: Fragment, batch: number): Promise<Array<{ id: string; jobType: string }>> {
    // Not awaited as a fragment: awaiting sql.unsafe would run it as a query.
    const shared = sql.unsafe(await sharedColumns());
    const rows = await sql`
      WITH moved AS (
        DELETE FROM scheduled_jobs WHERE id IN (
          SELECT id FROM scheduled_jobs WHERE status IN ${sql(TERMINAL_STATUSES)} AND ${condition}
          ORDER BY created_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)
        RETURNING *),
      -- A job's attempts go with it.
      attempts AS (DELETE FROM job_attempts a USING moved WHERE a.job_id = moved.id RETURNING a.*),
      archived_attempts AS (INSERT INTO job_attempts_archive SELECT * FROM attempts),
      archived AS (
        INSERT INTO scheduled_jobs_archive (${shared})
        SELECT ${shared} FROM moved
        ON CONFLICT (id) DO NOTHING)
      SELECT id, job_type FROM moved`;
    return rows.map((r) => ({ id: r.id as string, jobType: r.job_type as string }));
  }

  return {
    archiveWhere,
    /** Finished jobs created before `cutoff`, `batch` at a time (cleanup_old_data): how many moved. */
    async archiveOlderThan(cutoff: Date, batch: number): Promise<number> {
      return (await archiveWhere(sql`created_at < ${cutoff}`, batch)).length;
    },
    /** This one job, if it is finished: its type when it moved, null when it did not (unfinished or unknown). */
    async archiveOne(id: string): Promise<string | null> {
      return (await archiveWhere(sql`id = ${id}`, 1))[0]?.jobType ?? null;
    },
  };
}

export type JobArchive = ReturnType<typeof createJobArchive>;
