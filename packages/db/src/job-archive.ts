import type { Sql } from './client.ts';
import { type JobSearch, searchConditions, withSearchTimeout } from './job-search.ts';
import { type JobFilter, jobRecordFromRow } from './job-store.ts';
import { selectPage } from './sql-helpers.ts';
import type { JobRecord, JobStatus } from './types.ts';

/** An archived job: its row as it was when cleanup_old_data moved it, and when it did. */
export type ArchivedJobRecord = JobRecord & { archivedAt: Date };

/** How many archived jobs of a type, by how they ended. */
export interface ArchiveCount {
  jobType: string;
  total: number;
  byStatus: Partial<Record<JobStatus, number>>;
}

type Fragment = ReturnType<Sql>;

/** With `timeoutMs`, each statement may take at most that long, else SearchTooBroadError (see withSearchTimeout). */
export interface SearchBound {
  timeoutMs?: number;
}

/**
 * Reads of scheduled_jobs_archive, where cleanup_old_data moves finished jobs past their type's
 * retention: searched with the job listing's own conditions (searchConditions, over the same
 * columns and the archive's own indexes), and counted per type.
 */
export function createJobArchive(sql: Sql) {
  const bounded = <T>(timeoutMs: number | undefined, read: (db: Sql) => Promise<T>) =>
    timeoutMs === undefined ? read(sql) : withSearchTimeout(sql, timeoutMs, read);

  return {
    async list(
      filter: JobFilter,
      { timeoutMs }: SearchBound = {},
    ): Promise<{ jobs: ArchivedJobRecord[]; total: number; totalIsExact: boolean }> {
      return bounded(timeoutMs, async (db) => {
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
    async counts(search: JobSearch, { timeoutMs }: SearchBound = {}): Promise<ArchiveCount[]> {
      const rows = await bounded(timeoutMs, (db) => {
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
