import type { Sql } from './client.ts';
import { jsonParam } from './sql-helpers.ts';
import { JOB_STATUSES, type JobStatus } from './types.ts';

export interface DurationHistory {
  /** Seconds. */
  p50: number;
  p90: number;
  /** Completed runs the percentiles come from. */
  samples: number;
}

/** One past completed run, for sizing an estimate: how long it took and over how many items. */
export interface PastRun {
  seconds: number;
  /**
   * Its size in the unit a running job reports it (its last progress `total`, else its result's
   * itemsProcessed); null if it never said.
   */
  items: number | null;
}

export interface TypeStats {
  jobType: string;
  counts: Record<JobStatus, number>;
  /** completed / (completed + failed); null when neither happened. */
  successRate: number | null;
  /** Seconds, over completed runs that were not dry runs; null without any. */
  duration: { avg: number; p50: number; p95: number } | null;
  itemsProcessed: number;
}

/** The newest completed runs of a type that its duration history is taken from. */
const HISTORY_SAMPLE = 200;

/** Aggregates over scheduled_jobs for ETAs, the job-type catalogue and /api/stats. */
export function createJobStats(sql: Sql) {
  // A dry run sends and writes nothing, so its time says nothing about a real run's: durations
  // and estimates leave dry runs out.
  const REAL_RUN = sql`(payload->'dryRun') IS DISTINCT FROM 'true'::jsonb`;
  return {
    /**
     * p50/p90 run time of the newest completed runs of each type, dry runs left out (an index
     * scan per type on (job_type, created_at)); types without a completed run are absent.
     */
    async durations(types: readonly string[]): Promise<Map<string, DurationHistory>> {
      if (types.length === 0) return new Map();
      const rows = await sql`
        SELECT t.type, h.p50, h.p90, h.samples
        FROM jsonb_array_elements_text(${jsonParam(sql, types)}) AS t(type)
        CROSS JOIN LATERAL (
          SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS p50,
                 percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS p90,
                 count(*)::int AS samples
          FROM (
            SELECT extract(epoch FROM completed_at - started_at)::float AS d
            FROM scheduled_jobs
            WHERE job_type = t.type AND status = 'completed' AND started_at IS NOT NULL AND ${REAL_RUN}
            ORDER BY created_at DESC
            LIMIT ${HISTORY_SAMPLE}) recent
        ) h
        WHERE h.samples > 0`;
      return new Map(
        rows.map((r) => [
          r.type as string,
          { p50: r.p50 as number, p90: r.p90 as number, samples: r.samples as number },
        ]),
      );
    },

    /**
     * The newest completed runs of one type (up to HISTORY_SAMPLE), dry runs left out, with the number of items
     * each handled, so that an estimate can be scaled to a run of another size. A running job
     * says its size as its progress `total`, so a past run's size is read in that unit first:
     * a job whose steps are not its items (ten steps, one item) is scaled step for step.
     */
    async recentRuns(type: string): Promise<PastRun[]> {
      const rows = await sql`
        SELECT extract(epoch FROM completed_at - started_at)::float AS seconds,
               coalesce(
                 CASE WHEN jsonb_typeof(progress->'total') = 'number' THEN (progress->>'total')::float END,
                 CASE WHEN jsonb_typeof(result->'itemsProcessed') = 'number' THEN (result->>'itemsProcessed')::float END
               ) AS items
        FROM scheduled_jobs
        WHERE job_type = ${type} AND status = 'completed' AND started_at IS NOT NULL AND ${REAL_RUN}
        ORDER BY created_at DESC
        LIMIT ${HISTORY_SAMPLE}`;
      return rows.map((r) => ({ seconds: r.seconds as number, items: r.items === null ? null : (r.items as number) }));
    },

    /** Per type: jobs created since `since` by status, success rate, durations, items processed. */
    async since(since: Date): Promise<TypeStats[]> {
      const rows = await sql`
        SELECT job_type,
               ${sql.unsafe(JOB_STATUSES.map((s) => `count(*) FILTER (WHERE status = '${s}')::int AS "${s}"`).join(', '))},
               avg(extract(epoch FROM completed_at - started_at)) FILTER (WHERE status = 'completed' AND ${REAL_RUN})::float AS avg,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - started_at))
                 FILTER (WHERE status = 'completed' AND ${REAL_RUN}) AS p50,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - started_at))
                 FILTER (WHERE status = 'completed' AND ${REAL_RUN}) AS p95,
               coalesce(sum((result->>'itemsProcessed')::bigint)
                 FILTER (WHERE jsonb_typeof(result->'itemsProcessed') = 'number'), 0)::bigint AS items
        FROM scheduled_jobs
        WHERE created_at >= ${since}
        GROUP BY job_type
        ORDER BY job_type`;
      return rows.map((r) => {
        const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, r[s] as number])) as Record<JobStatus, number>;
        const settled = counts.completed + counts.failed;
        return {
          jobType: r.job_type as string,
          counts,
          successRate: settled > 0 ? Math.round((counts.completed / settled) * 10_000) / 10_000 : null,
          duration: r.p50 === null ? null : { avg: r.avg as number, p50: r.p50 as number, p95: r.p95 as number },
          itemsProcessed: Number(r.items),
        };
      });
    },
  };
}

export type JobStats = ReturnType<typeof createJobStats>;
