/**
 * The jobs bench/api reads and acts on: `rows` scheduled_jobs over 180 days, shaped like
 * production's (seven types; 85% completed, 8% failed, 2% cancelled, 4% pending, 1% running),
 * with what a search needs to find: payloads with varied values, tags on one job in ten, and an
 * error on every failed job. Shared by the read scenarios (run.ts, search.ts) and the bulk
 * actions' bench, which reuse one seeded database.
 */
import { createSql, migrate, type Sql } from '@scheduler/db';
import { productionJobs } from '@scheduler/jobs';
import postgres from 'postgres';
import { benchDatabase, freshDatabase, SERVER } from '../support/processes.ts';

/** The seeded database's name (namespaced: see benchDatabase). */
export const API_BENCH_DATABASE = benchDatabase('scheduler_bench_api');

/** What the seed puts in, for scenarios that look for it. */
export const SEED_SHAPE = {
  /** payload.userId takes 5,000 values over the 70% of jobs with a payload: ~140 jobs each at 1M. */
  userIds: 5000,
  /** payload.isoWeek: 52 weeks. */
  isoWeeks: 52,
  /** One job in 20 has tag backfill, one in 20 team:growth, one in 20 batch-<0..999> (~50 each at 1M). */
  batches: 1000,
};

/**
 * Generates the rows into `databaseUrl` (its scheduled_jobs must be empty), then VACUUM ANALYZE.
 * Deterministic (setseed), so two runs search the same data.
 */
export async function seedJobs(databaseUrl: string, rows: number): Promise<void> {
  const sql = createSql(databaseUrl, { max: 1 });
  const types = productionJobs.map((j) => j.name);
  const started = Date.now();
  await sql`SELECT setseed(0.7)`;
  await sql`
    INSERT INTO scheduled_jobs (job_type, status, created_at, started_at, completed_at, started_by, priority,
                                result, error, attempts, max_attempts, payload, tags)
    SELECT t.type, s.status, c.at,
           CASE WHEN s.status <> 'pending' THEN c.at + interval '1 second' END,
           CASE WHEN s.status IN ('completed', 'failed', 'cancelled')
                THEN c.at + interval '1 second' + (random() * random() * 600) * interval '1 second' END,
           CASE WHEN g % 10 = 0 THEN 'service' ELSE 'scheduler' END,
           (ARRAY['HIGH', 'MEDIUM', 'LOW'])[1 + g % 3],
           CASE WHEN s.status = 'completed'
                THEN jsonb_build_object('success', true, 'itemsProcessed', (random() * 500)::int) END,
           CASE WHEN s.status = 'failed' THEN
             CASE g % 3
               WHEN 0 THEN 'crawler-service: answered 503'
               WHEN 1 THEN 'email-service: ECONNRESET (request ' || md5(g::text) || ')'
               ELSE 'timed out after 30000 ms in batch ' || (g % ${SEED_SHAPE.batches}) END
           WHEN s.status = 'cancelled' THEN 'cancelled before it started' END,
           1, 3,
           -- Three jobs in ten have an empty payload (update_metrics, recalculate_trending…).
           CASE WHEN g % 10 < 3 THEN '{}'::jsonb
                ELSE jsonb_build_object(
                  'isoWeek', '2026-W' || lpad((1 + g % ${SEED_SHAPE.isoWeeks})::text, 2, '0'),
                  'userId', 'u-' || (g % ${SEED_SHAPE.userIds}),
                  'batchSize', 100 * (1 + g % 5),
                  'options', jsonb_build_object('mode', CASE WHEN g % 7 = 0 THEN 'full' ELSE 'quick' END)) END,
           CASE g % 20
             WHEN 0 THEN ARRAY['backfill']
             WHEN 1 THEN ARRAY['team:growth']
             WHEN 2 THEN ARRAY['batch-' || (g / 20 % ${SEED_SHAPE.batches})]
             ELSE '{}'::text[] END
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

/**
 * The seeded database, made afresh; or, with `reuse`, the one an earlier run left when it holds
 * `rows` jobs (seeding a million rows with the search indexes takes minutes).
 */
export async function seededDatabase(rows: number, { reuse = false } = {}): Promise<string> {
  const url = `${SERVER}/${API_BENCH_DATABASE}`;
  if (reuse) {
    const probe = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    const count = await probe`SELECT count(*)::int AS n FROM scheduled_jobs`
      .then(([r]) => r?.n as number)
      .catch(() => null)
      .finally(() => probe.end());
    if (count === rows) {
      // Migrations added since that run apply first: an API on an older schema answers 500s.
      await migrate(url, { sets: ['scheduler'] });
      console.log(`reusing ${API_BENCH_DATABASE} (${rows} rows)`);
      return url;
    }
  }
  const fresh = await freshDatabase(API_BENCH_DATABASE, ['scheduler']);
  await seedJobs(fresh, rows);
  return fresh;
}

/** Sizes of the indexes the search added (migration job-search), and of the table, in bytes. */
export async function searchIndexSizes(sql: Sql): Promise<Array<{ name: string; bytes: number }>> {
  const rows = await sql`
    SELECT c.relname AS name, pg_relation_size(c.oid)::bigint AS bytes
    FROM pg_class c
    WHERE c.relname IN ('scheduled_jobs', 'idx_scheduled_jobs_payload', 'idx_scheduled_jobs_tags',
                        'idx_scheduled_jobs_error_trgm')
    ORDER BY c.relname`;
  return rows.map((r) => ({ name: r.name as string, bytes: Number(r.bytes) }));
}
