/**
 * Search scenarios of bench/api: each search through GET /api/jobs (autocannon, p50/p99) and the
 * same query as raw SQL through postgres.js in the same run (the same concurrency, p50/p99: the
 * page of 50 and the count up to 10,001, as the listing reads them), measured in alternating
 * one-second turns, and the ratio (target: the API within 2× of raw SQL). Then the sizes of the
 * indexes the search added.
 */
import { createSql, type Sql } from '@scheduler/db';
import { TEST_SERVICE_KEY } from '@scheduler/testing';
import autocannon from 'autocannon';
import { percentile } from '../support/processes.ts';
import { searchIndexSizes } from './seed.ts';

export interface SearchBenchOptions {
  databaseUrl: string;
  /** The API, e.g. http://127.0.0.1:7298. */
  apiBase: string;
  connections: number;
  seconds: number;
}

interface Scenario {
  name: string;
  /** GET /api/jobs's query string. */
  query: string;
  /** The WHERE clause a person would write for it (with the partial indexes' predicates). */
  where: (sql: Sql) => ReturnType<Sql>;
}

/**
 * The page and the capped count, as one listing reads them, sent at once. The page has what the
 * API shows of each job: its row, and for a pending job after a failed attempt when that attempt
 * ended (the retry wait it shows).
 */
const rawListing = (sql: Sql, where: ReturnType<Sql>) =>
  Promise.all([
    sql`SELECT *, (SELECT a.ended_at FROM job_attempts a
          WHERE scheduled_jobs.status = 'pending' AND a.job_id = scheduled_jobs.id
            AND a.number = scheduled_jobs.attempts AND a.outcome = 'failed' AND a.ended_at = scheduled_jobs.updated_at
        ) AS last_failure_at
        FROM scheduled_jobs WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT 50`,
    sql`SELECT count(*)::int AS total FROM (SELECT 1 FROM scheduled_jobs WHERE ${where} LIMIT 10001) capped`,
  ]);

/** `connections` clients requesting `url` back to back for `seconds`: each answer's latency (ms) into `times`. */
function apiLatency(url: string, connections: number, seconds: number, times: number[]): Promise<{ failed: number }> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: seconds, headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` } },
      (error, result) => (error ? reject(error) : resolve({ failed: result.non2xx + result.errors })),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

/** `connections` loops running the query back to back for `seconds`: each run's latency (ms) into `times`. */
async function rawLatency(
  sql: Sql,
  where: (sql: Sql) => ReturnType<Sql>,
  connections: number,
  seconds: number,
  times: number[],
) {
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        await rawListing(sql, where(sql));
        times.push(performance.now() - started);
      }
    }),
  );
}

const percentiles = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

/**
 * The API and raw SQL measured in turns, one second each, `seconds` turns of each: on a machine
 * whose load moves from one second to the next (other suites on the same two cores), both see
 * the same moments, rather than the API five seconds of them and the raw SQL the next five.
 */
async function measureInTurns(
  url: string,
  sql: Sql,
  where: (sql: Sql) => ReturnType<Sql>,
  connections: number,
  seconds: number,
) {
  const apiTimes: number[] = [];
  const rawTimes: number[] = [];
  let failed = 0;
  for (let turn = 0; turn < seconds; turn++) {
    failed += (await apiLatency(url, connections, 1, apiTimes)).failed;
    await rawLatency(sql, where, connections, 1, rawTimes);
  }
  return { api: { ...percentiles(apiTimes), failed }, raw: percentiles(rawTimes) };
}

/** The searches: selective ones (the targets) and broad ones (thousands of matches). */
async function scenarios(sql: Sql): Promise<Scenario[]> {
  // Values that occur in the seed: one job's error fragment, one job's short id.
  const [failed] = await sql`
    SELECT substring(error from 'request ([0-9a-f]{10})') AS fragment FROM scheduled_jobs
    WHERE error LIKE 'email-service: ECONNRESET%' ORDER BY id LIMIT 1`;
  const [some] = await sql`SELECT id FROM scheduled_jobs ORDER BY id OFFSET 1000 LIMIT 1`;
  const fragment = failed?.fragment as string;
  const short = String(some?.id ?? '').slice(0, 8);
  const [low, high] = [`${short}-0000-0000-0000-000000000000`, `${short}-ffff-ffff-ffff-ffffffffffff`];
  return [
    {
      name: 'payload key (~140 of 1M)',
      query: 'payload=userId%3Du-1234',
      where: (s) => s`payload <> '{}'::jsonb AND payload @> '{"userId":"u-1234"}'::jsonb`,
    },
    { name: 'tag (~50)', query: 'tag=batch-7', where: (s) => s`tags <> '{}' AND tags @> '{batch-7}'::text[]` },
    {
      name: 'error text (1)',
      query: `error=${fragment}`,
      where: (s) => s`error IS NOT NULL AND error ILIKE ${`%${fragment}%`}`,
    },
    { name: 'short id (1)', query: `idPrefix=${short}`, where: (s) => s`id BETWEEN ${low} AND ${high}` },
    {
      name: 'payload key, broad (~13k)',
      query: 'payload=isoWeek%3D2026-W48',
      where: (s) => s`payload <> '{}'::jsonb AND payload @> '{"isoWeek":"2026-W48"}'::jsonb`,
    },
    {
      name: 'tag, broad (~50k)',
      query: 'tag=backfill',
      where: (s) => s`tags <> '{}' AND tags @> '{backfill}'::text[]`,
    },
    {
      name: 'error text, broad (~27k)',
      query: 'error=ECONNRESET',
      where: (s) => s`error IS NOT NULL AND error ILIKE '%ECONNRESET%'`,
    },
    {
      name: 'query language, combined',
      query: `q=${encodeURIComponent('status:failed tag:backfill payload.options.mode:full "503"')}`,
      where: (s) => s`status IN ('failed') AND tags <> '{}' AND tags @> '{backfill}'::text[]
        AND payload <> '{}'::jsonb AND payload @> '{"options":{"mode":"full"}}'::jsonb
        AND error IS NOT NULL AND error ILIKE '%503%'`,
    },
  ];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runSearchScenarios({ databaseUrl, apiBase, connections, seconds }: SearchBenchOptions) {
  const sql = createSql(databaseUrl, { max: connections });
  try {
    console.log(`\nsearch: API against raw SQL, ${connections} connections, ${seconds} s each, in turns of 1 s`);
    console.log(
      'scenario                         API p50  API p99   SQL p50  SQL p99   ratio p50 / p99  (target <= 2×)',
    );
    for (const scenario of await scenarios(sql)) {
      const url = `${apiBase}/api/jobs?${scenario.query}&limit=50`;
      // Warm both the API and Postgres's caches first (one unmeasured second each).
      await apiLatency(url, connections, 1, []);
      await rawLatency(sql, scenario.where, connections, 1, []);
      const { api, raw } = await measureInTurns(url, sql, scenario.where, connections, seconds);
      const r50 = api.p50 / raw.p50;
      const r99 = api.p99 / raw.p99;
      console.log(
        `${scenario.name.padEnd(32)} ${api.p50.toFixed(1).padStart(7)} ${api.p99.toFixed(1).padStart(8)} ${raw.p50
          .toFixed(1)
          .padStart(
            9,
          )} ${raw.p99.toFixed(1).padStart(8)}   ${r50.toFixed(2).padStart(5)} / ${r99.toFixed(2).padEnd(5)} ${
          // A failed request answers fast: figures with failures say nothing about the search.
          api.failed ? `INVALID: ${api.failed} requests failed` : Math.max(r50, r99) <= 2 ? 'met' : 'NOT MET'
        }`,
      );
    }
    console.log('\nindexes the search added (pg_relation_size):');
    for (const { name, bytes } of await searchIndexSizes(sql)) console.log(`  ${name.padEnd(32)} ${mb(bytes)}`);
  } finally {
    await sql.end();
  }
}
