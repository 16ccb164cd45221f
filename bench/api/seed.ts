import { createSql } from '@scheduler/db';
import { productionJobs } from '@scheduler/jobs';

// The jobs table the API benchmarks read and act on (run.ts, bulk-cancel.ts).

/** `rows` jobs over 180 days: mostly completed, some failed, cancelled, queued and running. */
export async function generateJobs(databaseUrl: string, rows: number) {
  const sql = createSql(databaseUrl, { max: 1 });
  const types = productionJobs.map((j) => j.name);
  const started = Date.now();
  await sql`SELECT setseed(0.7)`;
  await sql`
    INSERT INTO scheduled_jobs (job_type, status, created_at, started_at, completed_at, started_by, priority,
                                result, error, attempts, max_attempts, payload)
    SELECT t.type, s.status, c.at,
           CASE WHEN s.status <> 'pending' THEN c.at + interval '1 second' END,
           CASE WHEN s.status IN ('completed', 'failed', 'cancelled')
                THEN c.at + interval '1 second' + (random() * random() * 600) * interval '1 second' END,
           CASE WHEN g % 10 = 0 THEN 'service' ELSE 'scheduler' END,
           (ARRAY['HIGH', 'MEDIUM', 'LOW'])[1 + g % 3],
           CASE WHEN s.status = 'completed'
                THEN jsonb_build_object('success', true, 'itemsProcessed', (random() * 500)::int) END,
           CASE WHEN s.status = 'failed' THEN 'crawler-service: answered 503' END,
           1, 3, '{}'::jsonb
    FROM generate_series(1, ${rows}) g
    CROSS JOIN LATERAL (SELECT (${sql.array(types)}::text[])[1 + (g::bigint * 7919) % ${types.length}] AS type) t
    CROSS JOIN LATERAL (
      SELECT CASE WHEN x < 0.85 THEN 'completed' WHEN x < 0.93 THEN 'failed' WHEN x < 0.95 THEN 'cancelled'
                  WHEN x < 0.99 THEN 'pending' ELSE 'running' END AS status
      FROM (SELECT random() + g * 0 AS x) r) s
    CROSS JOIN LATERAL (SELECT now() - (random() + g * 0) * interval '180 days' AS at) c`;
  await sql`VACUUM ANALYZE scheduled_jobs`;
  await sql.end();
  console.log(`generated ${rows} scheduled_jobs rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
