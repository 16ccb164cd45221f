import type { Sql } from './client.ts';

export interface JobEvent {
  /** Increasing; what a client sends back as Last-Event-ID. */
  id: string;
  jobId: string;
  jobType: string;
  kind: string;
  data: Record<string, unknown>;
  at: Date;
}

const toEvent = (r: Record<string, unknown>): JobEvent => ({
  id: String(r.id),
  jobId: r.job_id as string,
  jobType: r.job_type as string,
  kind: r.kind as string,
  data: (r.data as Record<string, unknown>) ?? {},
  at: r.at as Date,
});

/** The job_events table, written by triggers on scheduled_jobs and job_logs. */
export function createJobEvents(sql: Sql) {
  return {
    /** The newest event id (0 when there is none): where a live-only stream starts. */
    async latestId(): Promise<bigint> {
      const [row] = await sql`SELECT coalesce(max(id), 0)::text AS id FROM job_events`;
      return BigInt(row?.id as string);
    },

    /** Events with afterId < id <= upTo (all of them, or one job's), oldest first. */
    async between(
      afterId: bigint,
      upTo: bigint | null,
      limit: number,
      jobId: string | null = null,
    ): Promise<JobEvent[]> {
      const rows = await sql`
        SELECT * FROM job_events
        WHERE id > ${afterId.toString()} ${upTo === null ? sql`` : sql`AND id <= ${upTo.toString()}`}
          ${jobId ? sql`AND job_id = ${jobId}` : sql``}
        ORDER BY id LIMIT ${limit}`;
      return rows.map(toEvent);
    },

    /**
     * How many events afterId < id <= upTo there are, counting no further than `atMost` (so the
     * cost is bounded however far behind the caller is): whether a replay is worth sending.
     */
    async countBetween(afterId: bigint, upTo: bigint, atMost: number, jobId: string | null = null): Promise<number> {
      const [row] = await sql`
        SELECT count(*)::int AS n FROM (
          SELECT 1 FROM job_events
          WHERE id > ${afterId.toString()} AND id <= ${upTo.toString()} ${jobId ? sql`AND job_id = ${jobId}` : sql``}
          LIMIT ${atMost}) AS missed`;
      return row?.n as number;
    },

    /** The oldest event kept (null when none is): retention deletes events older than days. */
    async oldestId(): Promise<bigint | null> {
      const [row] = await sql`SELECT min(id)::text AS id FROM job_events`;
      return row?.id == null ? null : BigInt(row.id as string);
    },
  };
}

export type JobEvents = ReturnType<typeof createJobEvents>;
