import type { Sql } from './client.ts';
import { type JobSearch, type SearchPool, searchConditions, withinSearchPool } from './job-search.ts';
import { type JobFilter, jobRecordFromRow } from './job-store.ts';
import { selectPage } from './sql-helpers.ts';
import { type JobRecord, type JobStatus, TERMINAL_STATUSES } from './types.ts';

/** An archived job: its row as it was when cleanup_old_data moved it, and when it did. */
export type ArchivedJobRecord = JobRecord & { archivedAt: Date };

/** How many archived jobs of a type, by how they ended. */
export interface ArchiveCount {
  jobType: string;
  total: number;
  byStatus: Partial<Record<JobStatus, number>>;
}

type Fragment = ReturnType<Sql>;

/** `within` a search pool, each statement is bounded by its timeout, else SearchTooBroadError (see withinSearchPool). */
export interface SearchBound {
  within?: SearchPool;
}

/**
 * scheduled_jobs_archive. Moves: finished jobs, with their attempts, go into `scheduled_jobs_archive`
 * and `job_attempts_archive` – what cleanup_old_data does to jobs past their type's retention and a
 * bulk delete to the jobs it names. A job is archived only while it is finished (the guard is in
 * the statement, so a job still pending or running is never moved); archiving does not change its
 * state, it moves its row. Reads: the archive searched with the job listing's own conditions (searchConditions, over the same
 * columns and the archive's own indexes), and counted per type.
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

  const bounded = <T>(within: SearchPool | undefined, read: (db: Sql) => Promise<T>) =>
    within ? withinSearchPool(within, read) : read(sql);

  return {
    archiveWhere,
    /** This one job, if it is finished: its type when it moved, null when it did not (unfinished or unknown). */
    async archiveOne(id: string): Promise<string | null> {
      return (await archiveWhere(sql`id = ${id}`, 1))[0]?.jobType ?? null;
    },

    async list(
      filter: JobFilter,
      { within }: SearchBound = {},
    ): Promise<{ jobs: ArchivedJobRecord[]; total: number; totalIsExact: boolean }> {
      return bounded(within, async (db) => {
        const { rows, total, totalIsExact } = await selectPage(
          db,
          'scheduled_jobs_archive',
          searchConditions(db, filter),
          db`created_at DESC, id DESC`,
          filter,
          filter.after
            ? db`(created_at, id) < (SELECT created_at, id FROM scheduled_jobs_archive WHERE id = ${filter.after})`
            : null,
        );
        return {
          jobs: rows.map((r) => ({ ...jobRecordFromRow(r), archivedAt: r.archived_at as Date })),
          total,
          totalIsExact,
        };
      });
    },

    async get(id: string): Promise<ArchivedJobRecord | null> {
      const [row] = await sql`SELECT * FROM scheduled_jobs_archive WHERE id = ${id}`;
      return row ? { ...jobRecordFromRow(row), archivedAt: row.archived_at as Date } : null;
    },

    /** Archived jobs matching the search, counted per type and status, exactly. */
    async counts(search: JobSearch, { within }: SearchBound = {}): Promise<ArchiveCount[]> {
      const rows = await bounded(within, (db) => {
        const where = searchConditions(db, search).reduce((all: Fragment, c) => db`${all} AND ${c}`, db`TRUE`);
        return db`
          SELECT job_type, status, count(*)::int AS n FROM scheduled_jobs_archive WHERE ${where}
          GROUP BY job_type, status ORDER BY job_type, status`;
      });
      const byType = new Map<string, ArchiveCount>();
      for (const r of rows) {
        const type = r.job_type as string;
        const count = byType.get(type) ?? { jobType: type, total: 0, byStatus: {} };
        count.byStatus[r.status as JobStatus] = r.n as number;
        count.total += r.n as number;
        byType.set(type, count);
      }
      return [...byType.values()];
    },
  };
}

export type JobArchive = ReturnType<typeof createJobArchive>;
