import type { Sql } from '@scheduler/db';

/**
 * Gives the scheduler's tables the history a running service has: `rows` finished test_noop
 * jobs, each with its attempt and its three events (created, started, completed), then fresh
 * statistics. Without it the run measures a young database, not the service: the lifecycle's
 * statements are prepared, Postgres caches their generic plans after five runs, and a plan made
 * while `scheduled_jobs` held a few hundred rows scans the table sequentially on every later
 * batch, as it grows to the run's thousands (a running service's autoanalyze replans them within
 * its first minute). With history and statistics the same statements find rows by key.
 */
export async function fillJobHistory(sql: Sql, rows: number): Promise<void> {
  // None asked for: the young database as it was measured before (never analysed either).
  if (rows === 0) return;
  await sql`
    WITH jobs AS (
      INSERT INTO scheduled_jobs (id, job_type, payload, priority, max_attempts, started_by, status, attempts,
                                  worker_id, started_at, completed_at, result, progress)
      SELECT gen_random_uuid(), 'test_noop', '{}', 'MEDIUM', 3, 'bench-history', 'completed', 1, 'bench-history',
             now(), now(), '{"success": true}', '{"percent": 100}'
      FROM generate_series(1, ${rows})
      RETURNING id, job_type),
    attempts AS (
      INSERT INTO job_attempts (job_id, number, reason, worker_id, ended_at, outcome)
      SELECT id, 1, 'first', 'bench-history', now(), 'completed' FROM jobs)
    INSERT INTO job_events (job_id, job_type, kind, data)
    SELECT id, job_type, kind, '{}' FROM jobs, unnest(ARRAY['created', 'started', 'completed']) AS kind`;
  await sql`ANALYZE scheduled_jobs, job_attempts, job_events`;
}
