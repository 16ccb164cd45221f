import type { Sql } from './client.ts';

/** How long finished jobs of a type stay in scheduled_jobs before they are archived, in days. */
export interface RetentionDays {
  /** Completed and cancelled jobs. */
  days: number;
  /** Failed jobs (often kept longer, to look into). */
  failedDays: number;
}

/** An admin's retention of a type, with who set it and when. */
export interface RetentionOverride extends RetentionDays {
  jobType: string;
  updatedAt: Date;
  updatedBy: string | null;
}

/** The bounds of a retention, in days: a day at least, ten years at most. */
export const RETENTION_DAYS_MIN = 1;
export const RETENTION_DAYS_MAX = 3650;

const fromRow = (r: Record<string, unknown>): RetentionOverride => ({
  jobType: r.job_type as string,
  days: r.retention_days as number,
  failedDays: r.failed_retention_days as number,
  updatedAt: r.updated_at as Date,
  updatedBy: (r.updated_by as string | null) ?? null,
});

/**
 * What admins changed about job types (job_type_settings): their retention. A type without a
 * row keeps what its code declares.
 */
export function createJobTypeSettings(sql: Sql) {
  return {
    /** Every type's override, by type name. */
    async retentionOverrides(): Promise<Map<string, RetentionOverride>> {
      const rows = await sql`SELECT * FROM job_type_settings`;
      return new Map(rows.map((r) => [r.job_type as string, fromRow(r)]));
    },

    async retentionOverride(jobType: string): Promise<RetentionOverride | null> {
      const [row] = await sql`SELECT * FROM job_type_settings WHERE job_type = ${jobType}`;
      return row ? fromRow(row) : null;
    },

    async setRetention(
      jobType: string,
      retention: RetentionDays,
      updatedBy: string | null,
    ): Promise<RetentionOverride> {
      const [row] = await sql`
        INSERT INTO job_type_settings (job_type, retention_days, failed_retention_days, updated_by)
        VALUES (${jobType}, ${retention.days}, ${retention.failedDays}, ${updatedBy})
        ON CONFLICT (job_type) DO UPDATE SET retention_days = EXCLUDED.retention_days,
          failed_retention_days = EXCLUDED.failed_retention_days, updated_by = EXCLUDED.updated_by, updated_at = now()
        RETURNING *`;
      return fromRow(row as Record<string, unknown>);
    },

    /** Hands the type's retention back to its code; whether there was an override. */
    async clearRetention(jobType: string): Promise<boolean> {
      const result = await sql`DELETE FROM job_type_settings WHERE job_type = ${jobType}`;
      return result.count > 0;
    },
  };
}

export type JobTypeSettings = ReturnType<typeof createJobTypeSettings>;
