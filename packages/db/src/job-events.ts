import type { Sql } from './client.ts';
import { jsonParam } from './sql-helpers.ts';

/** What job_events records (the lifecycle's changes and the handlers' log lines). */
export const JOB_EVENT_KINDS = [
  'created',
  'started',
  'progress',
  'log',
  'cancel_requested',
  'retried',
  'completed',
  'failed',
  'cancelled',
] as const;
export type JobEventKind = (typeof JOB_EVENT_KINDS)[number];

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
  // Kinds come from JOB_EVENT_KINDS (the API validates them), passed as one JSON parameter.
  const ofKinds = (kinds: readonly JobEventKind[] | null) =>
    kinds === null ? sql`` : sql`AND kind IN (SELECT jsonb_array_elements_text(${jsonParam(sql, kinds)}))`;
  return {
    /** The newest event id (0 when there is none): where a live-only stream starts. */
    async latestId(): Promise<bigint> {
      const [row] = await sql`SELECT coalesce(max(id), 0)::text AS id FROM job_events`;
      return BigInt(row?.id as string);
    },

    /** Events with afterId < id <= upTo (all of them, or one job's; of some kinds, or all), oldest first. */
    async between(
      afterId: bigint,
      upTo: bigint | null,
      limit: number,
      jobId: string | null = null,
      kinds: readonly JobEventKind[] | null = null,
    ): Promise<JobEvent[]> {
      const rows = await sql`
        SELECT * FROM job_events
        WHERE id > ${afterId.toString()} ${upTo === null ? sql`` : sql`AND id <= ${upTo.toString()}`}
          ${jobId ? sql`AND job_id = ${jobId}` : sql``} ${ofKinds(kinds)}
        ORDER BY id LIMIT ${limit}`;
      return rows.map(toEvent);
    },

    /**
     * How many events afterId < id <= upTo there are, counting no further than `atMost` (so the
     * cost is bounded however far behind the caller is): whether a replay is worth sending.
     */
    async countBetween(
      afterId: bigint,
      upTo: bigint,
      atMost: number,
      jobId: string | null = null,
      kinds: readonly JobEventKind[] | null = null,
    ): Promise<number> {
      const [row] = await sql`
        SELECT count(*)::int AS n FROM (
          SELECT 1 FROM job_events
          WHERE id > ${afterId.toString()} AND id <= ${upTo.toString()} ${jobId ? sql`AND job_id = ${jobId}` : sql``}
            ${ofKinds(kinds)}
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
