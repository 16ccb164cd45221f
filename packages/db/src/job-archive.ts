import type { Sql } from './client.ts';
import { idRangeOfPrefix, type JobFilter, jobRecordFromRow } from './job-store.ts';
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

// The filter of GET /api/jobs, on the archive's columns (the same as scheduled_jobs's).
type Fragment = ReturnType<Sql>;
const conditionsOf = (sql: Sql, filter: Omit<JobFilter, 'limit' | 'page' | 'after'>): Array<Fragment | null> => {
  const idRange = filter.idPrefix ? idRangeOfPrefix(filter.idPrefix) : null;
  return [
    filter.type ? sql`job_type = ${filter.type}` : null,
    filter.status ? sql`status = ${filter.status}` : null,
    filter.from ? sql`created_at >= ${filter.from}` : null,
    filter.to ? sql`created_at < ${filter.to}` : null,
    filter.startedBy ? sql`started_by = ${filter.startedBy}` : null,
    idRange ? sql`id BETWEEN ${idRange[0]} AND ${idRange[1]}` : null,
  ];
};

/**
 * Reads of scheduled_jobs_archive, where cleanup_old_data moves finished jobs past their type's
 * retention: listed and filtered as the live jobs are, and counted per type.
 */
export function createJobArchive(sql: Sql) {
  return {
    async list(filter: JobFilter): Promise<{ jobs: ArchivedJobRecord[]; total: number; totalIsExact: boolean }> {
      const { rows, total, totalIsExact } = await selectPage(
        sql,
        'scheduled_jobs_archive',
        conditionsOf(sql, filter),
        sql`created_at DESC, id DESC`,
        filter,
        filter.after
          ? sql`(created_at, id) < (SELECT created_at, id FROM scheduled_jobs_archive WHERE id = ${filter.after})`
          : null,
      );
      return {
        jobs: rows.map((r) => ({ ...jobRecordFromRow(r), archivedAt: r.archived_at as Date })),
        total,
        totalIsExact,
      };
    },

    async get(id: string): Promise<ArchivedJobRecord | null> {
      const [row] = await sql`SELECT * FROM scheduled_jobs_archive WHERE id = ${id}`;
      return row ? { ...jobRecordFromRow(row), archivedAt: row.archived_at as Date } : null;
    },

    /** Archived jobs matching the filter (but its type), counted per type and status, exactly. */
    async counts(filter: Omit<JobFilter, 'limit' | 'page' | 'after' | 'type'>): Promise<ArchiveCount[]> {
      const where = conditionsOf(sql, filter)
        .filter((c): c is Fragment => c !== null)
        .reduce((all, c) => sql`${all} AND ${c}`, sql`TRUE`);
      const rows = await sql`
        SELECT job_type, status, count(*)::int AS n FROM scheduled_jobs_archive WHERE ${where}
        GROUP BY job_type, status ORDER BY job_type, status`;
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
