import type { Sql } from './client.ts';

/**
 * Buckets of a duration histogram (see the job-history migration): four per doubling of
 * milliseconds from 1 ms, the last (2^27.75 ms, about 2.6 days) taking anything longer.
 */
export const HISTORY_BUCKETS = 112;
/** Minutes are kept this long, then folded into their hour. */
export const HISTORY_MINUTES_KEPT_HOURS = 48;
/** Hours are kept this long. */
export const HISTORY_HOURS_KEPT_DAYS = 35;

/** The bucket a duration falls in: the lifecycle's SQL computes the same. */
export const bucketOf = (ms: number): number =>
  Math.min(HISTORY_BUCKETS - 1, Math.max(0, Math.floor((4 * Math.log(Math.max(1, ms))) / Math.LN2)));

/** The middle of a bucket, in ms (geometrically: within 9% of anything in it). */
export const bucketMiddleMs = (bucket: number): number => 2 ** ((bucket + 0.5) / 4);

/** Two histograms added bucket by bucket. */
export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  const sum = new Array<number>(Math.max(a.length, b.length)).fill(0);
  for (let i = 0; i < sum.length; i++) sum[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return sum;
}

/** The q-quantile (0 < q ≤ 1) of a histogram, in ms, as its bucket's middle; null when empty. */
export function quantileMs(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= rank) return bucketMiddleMs(i);
  }
  return bucketMiddleMs(histogram.length - 1);
}

/** One period of a type's history. */
export interface HistoryPoint {
  /** Where the period starts. */
  at: Date;
  completed: number;
  failed: number;
  cancelled: number;
  /** Completed real runs, by duration bucket. */
  durations: number[];
}

/** Jobs finished (all ends) and failed of each type, per period, dense from `from`. */
export interface TypeCounts {
  jobType: string;
  finished: number[];
  failed: number[];
}

const toPoint = (at: Date, r: Record<string, unknown>): HistoryPoint => ({
  at,
  completed: r.completed as number,
  failed: r.failed as number,
  cancelled: r.cancelled as number,
  durations: (r.durations as number[]) ?? [],
});

/** Points of the same period added into one, oldest first. */
function merge(points: HistoryPoint[]): HistoryPoint[] {
  const byAt = new Map<number, HistoryPoint>();
  for (const point of points) {
    const earlier = byAt.get(point.at.getTime());
    byAt.set(
      point.at.getTime(),
      earlier
        ? {
            at: earlier.at,
            completed: earlier.completed + point.completed,
            failed: earlier.failed + point.failed,
            cancelled: earlier.cancelled + point.cancelled,
            durations: addHistograms(earlier.durations, point.durations),
          }
        : point,
    );
  }
  return [...byAt.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Sums per (period, job_type) of the rows `gone` (a CTE), histograms added bucket by bucket. */
const SUMS_OF_GONE = (period: string) => `
  sums AS (
    SELECT ${period} AS at, job_type, sum(completed)::int AS completed,
           sum(failed)::int AS failed, sum(cancelled)::int AS cancelled
    FROM gone GROUP BY 1, 2
  ),
  buckets AS (
    SELECT ${period} AS at, job_type, u.i, sum(u.n)::int AS n
    FROM gone, unnest(durations) WITH ORDINALITY AS u(n, i) GROUP BY 1, 2, 3
  ),
  histograms AS (SELECT at, job_type, array_agg(n ORDER BY i) AS durations FROM buckets GROUP BY 1, 2),
  summed AS (
    SELECT s.at, s.job_type, s.completed, s.failed, s.cancelled, coalesce(d.durations, '{}') AS durations
    FROM sums s LEFT JOIN histograms d USING (at, job_type)
  )`;

/**
 * The rollups the lifecycle keeps as jobs finish (job_history_minutes, job_history_hours): read
 * per type and period, and kept small. Nothing here reads scheduled_jobs.
 */
export function createJobHistory(sql: Sql) {
  /** Hourly points from `from` on: folded hours, plus the hours whose minutes are still kept. */
  async function hours(jobType: string, from: Date): Promise<HistoryPoint[]> {
    const [folded, recent] = await Promise.all([
      sql`SELECT hour, completed, failed, cancelled, durations FROM job_history_hours
          WHERE job_type = ${jobType} AND hour >= ${from} ORDER BY hour`,
      sql`SELECT date_trunc('hour', minute) AS hour, completed, failed, cancelled, durations
          FROM job_history_minutes WHERE job_type = ${jobType} AND minute >= ${from} ORDER BY minute`,
    ]);
    // An hour is in one table or the other (its minutes are deleted as it is folded); adding
    // keeps it right even if a fold met a late minute.
    return merge([...folded.map((r) => toPoint(r.hour as Date, r)), ...recent.map((r) => toPoint(r.hour as Date, r))]);
  }

  return {
    /** Per-minute points of a type from `from` on (minutes kept: HISTORY_MINUTES_KEPT_HOURS); minutes without a finished job are absent. */
    async minutes(jobType: string, from: Date): Promise<HistoryPoint[]> {
      const rows = await sql`
        SELECT minute, completed, failed, cancelled, durations FROM job_history_minutes
        WHERE minute >= ${from} AND job_type = ${jobType} ORDER BY minute`;
      // A minute not merged yet has a row per statement that ended jobs in it.
      return merge(rows.map((r) => toPoint(r.minute as Date, r)));
    },

    hours,

    /**
     * Jobs finished and failed per type in `slots` periods of `stepSeconds` from `from` (which
     * should be aligned to the step), dense: for sparklines. Per-minute rows for what they still
     * cover, folded hours for the rest (a step of an hour or more).
     */
    async counts(from: Date, stepSeconds: number, slots: number): Promise<TypeCounts[]> {
      const rows = await sql`
        SELECT job_type, floor(extract(epoch FROM at - ${from}::timestamptz) / ${stepSeconds})::int AS slot,
               sum(completed + failed + cancelled)::int AS finished, sum(failed)::int AS failed
        FROM (
          SELECT minute AS at, job_type, completed, failed, cancelled FROM job_history_minutes WHERE minute >= ${from}
          UNION ALL
          SELECT hour, job_type, completed, failed, cancelled FROM job_history_hours WHERE hour >= ${from}
        ) rows
        GROUP BY 1, 2`;
      const byType = new Map<string, TypeCounts>();
      for (const r of rows) {
        const slot = r.slot as number;
        if (slot < 0 || slot >= slots) continue;
        const type = r.job_type as string;
        let counts = byType.get(type);
        if (!counts) {
          counts = { jobType: type, finished: new Array(slots).fill(0), failed: new Array(slots).fill(0) };
          byType.set(type, counts);
        }
        counts.finished[slot] = (counts.finished[slot] ?? 0) + (r.finished as number);
        counts.failed[slot] = (counts.failed[slot] ?? 0) + (r.failed as number);
      }
      return [...byType.values()];
    },

    /**
     * Keeps the rollups small; the worker runs it with each reconciler pass. Merges each past
     * minute's rows (one per settle statement) into one; folds minutes older than
     * HISTORY_MINUTES_KEPT_HOURS (whole hours) into their hours and deletes them; deletes hours
     * older than HISTORY_HOURS_KEPT_DAYS. Each step moves rows in one statement (a DELETE …
     * RETURNING feeding the INSERT), so of two replicas doing it at once the second finds the
     * rows already deleted and nothing is counted twice. Reads add up whatever rows there are,
     * so a pass that has not run yet changes no answer.
     */
    async fold(): Promise<{ minutesMerged: number; minutesFolded: number; hoursDeleted: number }> {
      const [merged] = await sql.unsafe(`
        WITH crowded AS (
          SELECT minute, job_type FROM job_history_minutes
          WHERE minute < date_trunc('minute', now())
          GROUP BY 1, 2 HAVING count(*) > 1
        ),
        gone AS (
          DELETE FROM job_history_minutes m USING crowded c
          WHERE m.minute = c.minute AND m.job_type = c.job_type
          RETURNING m.*
        ),
        ${SUMS_OF_GONE('minute')},
        inserted AS (
          INSERT INTO job_history_minutes (minute, job_type, completed, failed, cancelled, durations)
          SELECT at, job_type, completed, failed, cancelled, durations FROM summed
        )
        SELECT count(*)::int AS n FROM gone`);
      const [folded] = await sql.unsafe(
        `
        WITH gone AS (
          DELETE FROM job_history_minutes
          WHERE minute < date_trunc('hour', now() - make_interval(hours => $1))
          RETURNING *
        ),
        ${SUMS_OF_GONE(`date_trunc('hour', minute)`)},
        upserted AS (
          INSERT INTO job_history_hours AS h (hour, job_type, completed, failed, cancelled, durations)
          SELECT at, job_type, completed, failed, cancelled, durations FROM summed
          ORDER BY at, job_type
          ON CONFLICT (hour, job_type) DO UPDATE
          SET completed = h.completed + excluded.completed, failed = h.failed + excluded.failed,
              cancelled = h.cancelled + excluded.cancelled, durations = job_history_add(h.durations, excluded.durations)
        )
        SELECT count(*)::int AS n FROM gone`,
        [HISTORY_MINUTES_KEPT_HOURS],
      );
      const deleted = await sql`
        DELETE FROM job_history_hours WHERE hour < now() - make_interval(days => ${HISTORY_HOURS_KEPT_DAYS})`;
      return {
        minutesMerged: (merged?.n as number) ?? 0,
        minutesFolded: (folded?.n as number) ?? 0,
        hoursDeleted: deleted.count,
      };
    },
  };
}

export type JobHistory = ReturnType<typeof createJobHistory>;
