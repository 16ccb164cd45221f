/**
 * API read benchmark (issues 6 and 25): with one million generated scheduled_jobs rows, p50/p99 of
 * GET /api/jobs with each filter and of GET /api/stats?days=30 under concurrent load (autocannon),
 * against the API running as its own process; then the searches (search.ts), each against raw SQL.
 *
 * Usage: pnpm bench:api [-- --rows 1000000 --connections 10 --seconds 10 --only list|search --reuse]
 * Needs Postgres on 127.0.0.1:5432 and Redis on 127.0.0.1:6379; drops and recreates the
 * database scheduler_bench_api (namespaced, see benchDatabase; generating a million rows takes a
 * few minutes), or with --reuse keeps the one a run left with as many rows.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createJobStats, createSql } from '@scheduler/db';
import { deleteQueueKeys, TEST_SERVICE_KEY, testEnv } from '@scheduler/testing';
import autocannon from 'autocannon';
import { benchDatabase, runBench, spawnProcess, stopProcess } from '../support/processes.ts';
import { runSearchScenarios } from './search.ts';
import { seededDatabase } from './seed.ts';

/** The groups of scenarios, for --only. */
const GROUPS = ['list', 'search'] as const;

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    rows: { type: 'string', default: '1000000' },
    connections: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '10' },
    only: { type: 'string', multiple: true },
    reuse: { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const ONLY = new Set(args.only ?? GROUPS);
const PREFIX = `{${benchDatabase('bench-api')}}`;
const PORT = Number(process.env.BENCH_PORT ?? 7298);
const API_SERVER = fileURLToPath(new URL('../../apps/api/src/server.ts', import.meta.url));

async function measure(path: string) {
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}${path}`,
    connections: Number(args.connections),
    duration: Number(args.seconds),
    headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
  });
  const failed = result.non2xx + result.errors;
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, failed };
}

async function main() {
  const unknown = [...ONLY].filter((group) => !(GROUPS as readonly string[]).includes(group));
  if (unknown.length) throw new Error(`--only takes ${GROUPS.join(', ')}; not ${unknown.join(', ')}`);
  const databaseUrl = await seededDatabase(ROWS, { reuse: args.reuse });
  await deleteQueueKeys(PREFIX);
  // Request logs off: the bench measures the queries and the API, not pino writing to a pipe.
  const env = testEnv({ databaseUrl, queuePrefix: PREFIX }, { PORT: String(PORT), HOST: '127.0.0.1' });
  const api = await spawnProcess(API_SERVER, { ...env, LOG_LEVEL: 'warn' }, 'Server listening');

  try {
    if (ONLY.has('list')) await listScenarios(databaseUrl);
    if (ONLY.has('search')) {
      await runSearchScenarios({
        databaseUrl,
        apiBase: `http://127.0.0.1:${PORT}`,
        connections: Number(args.connections),
        seconds: Number(args.seconds),
      });
    }
  } finally {
    // A failed scenario must not leave the API holding its port for the next run.
    await stopProcess(api);
    await deleteQueueKeys(PREFIX);
  }
  if (ONLY.has('list')) await statsAlone(databaseUrl);
}

/** The listings and stats of issue 6. */
async function listScenarios(databaseUrl: string) {
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
  // The last job of page 99: where page 100 starts, for the cursor form of the same deep page.
  const sql = createSql(databaseUrl, { max: 1 });
  const [deep] = await sql`SELECT id FROM scheduled_jobs ORDER BY created_at DESC, id DESC OFFSET 4949 LIMIT 1`;
  await sql.end();
  const scenarios: Array<[string, string, number]> = [
    ['list, no filter', '/api/jobs?limit=50', 50],
    ['list, by type', '/api/jobs?type=weekly_digest&limit=50', 50],
    ['list, by status', '/api/jobs?status=failed&limit=50', 50],
    ['list, type + status', '/api/jobs?type=crawl_pending&status=running&limit=50', 50],
    ['list, last 7 days', `/api/jobs?from=${weekAgo}&limit=50`, 50],
    ['list, page 100', '/api/jobs?limit=50&page=100', 50],
    ['list, page 100 by cursor', `/api/jobs?limit=50&after=${deep?.id}`, 50],
    ['stats, 30 days', '/api/stats?days=30', 200],
  ];
  console.log(`API reads over ${ROWS} jobs, ${args.connections} connections, ${args.seconds} s each`);
  console.log('scenario                   p50 ms   p99 ms    req/s  target p99');
  for (const [name, path, target] of scenarios) {
    await measure(path).catch(() => null); // warm-up pass is the first second of each run
    const r = await measure(path);
    console.log(
      `${name.padEnd(26)} ${String(r.p50).padStart(6)} ${String(r.p99).padStart(8)} ${r.rps.toFixed(0).padStart(8)}  < ${target} ms ${
        r.p99 < target ? 'met' : 'NOT MET'
      }${r.failed ? `  (${r.failed} failed requests)` : ''}`,
    );
  }
}

async function statsAlone(databaseUrl: string) {
  // The endpoint shares its answers for a few seconds; this is what one computation costs.
  const stats = createJobStats(createSql(databaseUrl, { max: 1 }));
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await stats.since(new Date(Date.now() - 30 * 86_400_000));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `stats aggregate alone (uncached, one at a time, 20 runs): p50 ${times[10]?.toFixed(0)} ms, max ${times[19]?.toFixed(0)} ms`,
  );
}

runBench(main);
