/**
 * Bulk cancel benchmark (issue 25): with a million generated jobs, a bulk cancel of 10,000
 * matching queued jobs through POST /api/bulk-operations, and a queue's trigger-to-running
 * latency while it runs against the same with no bulk action running just before and just after it,
 * in the same run.
 *
 * Usage: pnpm --filter @scheduler/bench bulk-cancel [-- --rows 1000000 --matching 10000
 *          --rates 200,1000 --trigger-rate 50 --baseline-seconds 20]
 * Needs Postgres on 127.0.0.1:5432 and Redis on 127.0.0.1:6379; drops and recreates the database
 * scheduler_bench_bulk, uses the queue prefix {bench-bulk} and port 7297 (BENCH_PORT), all three
 * namespaced as bench/support's benchDatabase says.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSql, type Sql } from '@scheduler/db';
import { deleteQueueKeys, TEST_SERVICE_KEY, testEnv, waitFor } from '@scheduler/testing';
import { benchDatabase, freshDatabase, percentile, runBench, spawnProcess, stopProcess } from '../support/processes.ts';
import { seedJobs } from './seed.ts';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    rows: { type: 'string', default: '1000000' },
    matching: { type: 'string', default: '10000' },
    // BULK_ACTION_JOBS_PER_SECOND of each run: the default pace, and a faster one to see the cost of speed.
    rates: { type: 'string', default: '200,1000' },
    'trigger-rate': { type: 'string', default: '50' },
    'baseline-seconds': { type: 'string', default: '20' },
  },
});
const ROWS = Number(args.rows);
const MATCHING = Number(args.matching);
const RATES = (args.rates ?? '200').split(',').map(Number);
const TRIGGER_RATE = Number(args['trigger-rate']);
const BASELINE_SECONDS = Number(args['baseline-seconds']);
const PREFIX = `{${benchDatabase('bench-bulk')}}`;
const PORT = Number(process.env.BENCH_PORT ?? 7297);
const BASE = `http://127.0.0.1:${PORT}`;
const API_SERVER = fileURLToPath(new URL('../../apps/api/test/entries/server.ts', import.meta.url));
const WORKER_MAIN = fileURLToPath(new URL('../../apps/worker/test/entries/worker.ts', import.meta.url));
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'content-type': 'application/json' };

async function post(path: string, body: unknown) {
  const res = await fetch(`${BASE}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  const answer = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** The jobs the bulk cancel matches: queued test_script jobs, spread over the last 30 days among the million. */
async function addMatching(sql: Sql) {
  await sql`
    INSERT INTO scheduled_jobs (job_type, status, created_at, started_by, priority, attempts, max_attempts, payload)
    SELECT 'test_script', 'pending', now() - random() * interval '30 days', 'service', 'MEDIUM', 0, 1, '{}'::jsonb
    FROM generate_series(1, ${MATCHING})`;
  await sql`ANALYZE scheduled_jobs`;
}

/**
 * Triggers test_noop at a steady TRIGGER_RATE until `until` says stop; each job's latency from
 * its request to its start (started_at, recorded by the worker), in ms.
 */
async function triggerLatencies(sql: Sql, until: () => boolean): Promise<number[]> {
  const sent = new Map<string, number>();
  const calls: Promise<void>[] = [];
  const interval = 1000 / TRIGGER_RATE;
  const start = performance.now();
  for (let i = 0; !until(); i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = Date.now();
    calls.push(post('/api/jobs/trigger', { jobType: 'test_noop' }).then((job) => void sent.set(job.id as string, at)));
  }
  await Promise.all(calls);
  const ids = [...sent.keys()];
  await waitFor(
    'the triggered jobs to start',
    async () => {
      const [row] = await sql`
        SELECT count(*)::int AS n FROM scheduled_jobs WHERE id = ANY(${ids}::uuid[]) AND started_at IS NOT NULL`;
      return row?.n === ids.length;
    },
    { timeoutMs: 120_000 },
  );
  const rows = await sql`SELECT id, started_at FROM scheduled_jobs WHERE id = ANY(${ids}::uuid[])`;
  return rows.map((r) => (r.started_at as Date).getTime() - (sent.get(r.id as string) ?? 0)).sort((a, b) => a - b);
}

const summary = (latencies: number[]) =>
  `p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms (${latencies.length} jobs)`;

async function run(databaseUrl: string, sql: Sql, rate: number) {
  await addMatching(sql);
  const env = testEnv(
    { databaseUrl, queuePrefix: PREFIX },
    { PORT: String(PORT), HOST: '127.0.0.1', BULK_ACTION_JOBS_PER_SECOND: String(rate) },
  );
  const api = await spawnProcess(API_SERVER, { ...env }, 'Server listening');
  try {
    // A second of traffic first, not measured: JIT, pools, prepared statements.
    const warm = Date.now();
    await triggerLatencies(sql, () => Date.now() - warm > 1000);

    const baselineStart = Date.now();
    const baseline = await triggerLatencies(sql, () => Date.now() - baselineStart > BASELINE_SECONDS * 1000);

    const filter = { type: 'test_script', status: 'pending' };
    let started = performance.now();
    const preview = await post('/api/bulk-operations/preview', { action: 'cancel', filter });
    const previewMs = performance.now() - started;
    started = performance.now();
    const op = await post('/api/bulk-operations', { action: 'cancel', filter, expectedCount: preview.matched });
    const createMs = performance.now() - started;
    let state = 'running';
    const poller = (async () => {
      while (state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const res = await fetch(`${BASE}/api/bulk-operations/${op.id}`, { headers: auth });
        state = ((await res.json()) as { state: string }).state;
      }
    })();
    const during = await triggerLatencies(sql, () => state !== 'running');
    await poller;
    // No bulk running again: a second baseline, so a drift of the machine's load shows as a gap between the two.
    const afterStart = Date.now();
    const after = await triggerLatencies(sql, () => Date.now() - afterStart > BASELINE_SECONDS * 1000);
    const [done] = await sql`
      SELECT done, refused, failed, extract(epoch FROM finished_at - started_at) AS seconds
      FROM bulk_operations WHERE id = ${op.id as string}`;
    const seconds = Number(done?.seconds);
    console.log(`BULK_ACTION_JOBS_PER_SECOND=${rate} (load average ${loadavg()[0]?.toFixed(1)} at the end):`);
    console.log(
      `  preview of ${preview.matched} matches ${previewMs.toFixed(0)} ms; create (snapshot of the ids) ${createMs.toFixed(0)} ms`,
    );
    console.log(
      `  bulk cancel: ${done?.done} cancelled, ${done?.refused} refused, ${done?.failed} failed in ${seconds.toFixed(1)} s = ${(
        Number(done?.done) / seconds
      ).toFixed(0)} jobs/s`,
    );
    console.log(`  trigger-to-running at ${TRIGGER_RATE}/s, no bulk running (before): ${summary(baseline)}`);
    console.log(`  trigger-to-running at ${TRIGGER_RATE}/s, during the bulk cancel:   ${summary(during)}`);
    console.log(`  trigger-to-running at ${TRIGGER_RATE}/s, no bulk running (after):  ${summary(after)}`);
  } finally {
    await stopProcess(api);
  }
}

async function main() {
  // A database of its own, seeded as bench:api's (seed.ts): this bench changes jobs, so it does not reuse that one.
  const databaseUrl = await freshDatabase(benchDatabase('scheduler_bench_bulk'), ['scheduler']);
  await seedJobs(databaseUrl, ROWS);
  await deleteQueueKeys(PREFIX);
  const sql = createSql(databaseUrl, { max: 2 });
  // No reconciler: it would queue the generated unfinished rows (none of them is in Redis) and the
  // worker would spend the run on them; the jobs measured are the ones triggered here.
  const env = testEnv({ databaseUrl, queuePrefix: PREFIX }, { RUN_RECONCILER: 'false' });
  const worker = await spawnProcess(WORKER_MAIN, { ...env });
  console.log(
    `bulk cancel of ${MATCHING} queued jobs among ${ROWS} (filter: type and status), worker running, triggers at ${TRIGGER_RATE}/s`,
  );
  try {
    for (const rate of RATES) await run(databaseUrl, sql, rate);
  } finally {
    await stopProcess(worker);
    await sql.end();
    await deleteQueueKeys(PREFIX);
  }
}

runBench(main);
