/**
 * Lifecycle benchmark (issues 2 and 26). Prints, in one run:
 *  1. jobs/s of trivial jobs through the full lifecycle (row insert, queue add, worker, row
 *     updates to running and completed) and through three baselines, same Redis, same Postgres,
 *     same concurrency: bare BullMQ add+process (no record), the minimal durable record (bare
 *     BullMQ plus one batched insert and one batched update of a primary-key-only row) and
 *     graphile-worker end to end (a peer that keeps its jobs in Postgres); the ratios of the
 *     full lifecycle to each, and each variant's CPU microseconds per job per process group;
 *  2. trigger-to-running latency (p50/p99) at a steady rate through the real HTTP API.
 *
 * Usage: pnpm bench:lifecycle [-- --jobs 5000 --concurrency 50 --rate 200 --seconds 10]
 * Needs Redis on 127.0.0.1:6379 (TEST_REDIS_URL for another database of it) and Postgres on
 * 127.0.0.1:5432 (databases scheduler_bench and scheduler_bench_graphile are dropped and created).
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createSql, ensureDatabaseExists } from '@scheduler/db';
import { buildCatalogue } from '@scheduler/jobs';
import { createLifecycleStore } from '@scheduler/lifecycle';
import { createJobQueues, createRedis, triggerJob } from '@scheduler/runtime';
import { deleteQueueKeys, TEST_REDIS_URL, TEST_SERVICE_KEY, testEnv, testJobs, waitFor } from '@scheduler/testing';
import { createLogger } from '@scheduler/worker';
import { Queue } from 'bullmq';
import { Logger, makeWorkerUtils } from 'graphile-worker';
import pg from 'pg';
import {
  benchDatabase,
  dropDatabase,
  freshDatabase,
  percentile,
  pool,
  productionNodeFlags,
  runBench,
  SERVER,
  spawnProcess,
  stopProcess,
} from '../support/processes.ts';
import { lifecycleBenchArgs } from './args.ts';
import { backgroundLoad, type CpuPerJob, countCpu, findServers, printCpuTable, type Servers } from './cpu.ts';
import { fillJobHistory } from './history.ts';
import { BARE_JOB_OPTIONS, completedRows, createMinimalRecord, createMinimalRecordTable } from './minimal-record.ts';

const {
  args,
  jobs: JOBS,
  concurrency: CONCURRENCY,
} = lifecycleBenchArgs(10_000, {
  rate: { type: 'string', default: '200' },
  seconds: { type: 'string', default: '10' },
  // `--only latency`: the trigger-to-running phase alone (the throughput variants skipped);
  // `--only lifecycle`: the full lifecycle's throughput alone (no baselines, no latency phase).
  only: { type: 'string' },
  // Finished jobs each record's tables hold before a phase, with fresh statistics (history.ts).
  history: { type: 'string', default: '100000' },
});
if (args.only !== undefined && args.only !== 'latency' && args.only !== 'lifecycle') {
  throw new Error('--only takes "latency" or "lifecycle"');
}
const HISTORY = Number(args.history);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const DATABASE = benchDatabase('scheduler_bench');
/** graphile-worker's own database: its schema and its jobs table, nothing of ours. */
const GRAPHILE_DATABASE = benchDatabase('scheduler_bench_graphile');
/** The API's port in the latency run (BENCH_API_PORT: another, for two checkouts benching at once). */
const API_PORT = Number(process.env.BENCH_API_PORT ?? process.env.BENCH_PORT ?? 7099);
const DATABASE_URL = `${SERVER}/${DATABASE}`;
const log = createLogger('silent', 'bench');

const WORKER_MAIN = fileURLToPath(new URL('../../apps/worker/test/entries/worker.ts', import.meta.url));
const API_SERVER = fileURLToPath(new URL('../../apps/api/test/entries/server.ts', import.meta.url));
/** Each process with the heap its production start gives it (the worker: a 32 MB young generation). */
const WORKER_FLAGS = productionNodeFlags('worker');
const API_FLAGS = productionNodeFlags('api');
const BARE_WORKER = fileURLToPath(new URL('./bare-worker.ts', import.meta.url));
const MINIMAL_HTTP = fileURLToPath(new URL('./minimal-http.ts', import.meta.url));
const GRAPHILE_WORKER = fileURLToPath(new URL('./graphile-worker.ts', import.meta.url));

interface Figures {
  jobsPerSecond: number;
  cpu: CpuPerJob;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Node's MaxListenersExceededWarning, in the scheduler's processes and this one: a listener
 * added per job to a signal that outlives the job (issue 26 saw 11 on one AbortSignal) is a
 * leak, so the bench counts and prints them. Node's warnings are still shown.
 */
let maxListenersWarnings = 0;
process.on('warning', (warning) => {
  if (warning.name === 'MaxListenersExceededWarning') maxListenersWarnings++;
});
const watchOutput = {
  onOutput(text: string) {
    maxListenersWarnings += text.split('MaxListenersExceededWarning').length - 1;
    if (text.includes('Warning')) process.stderr.write(text);
  },
};

/** POSTs `count` triggers at a steady RATE per second; records each job's send time. */
async function sendTriggers(count: number, sent: Map<string, number> | null) {
  const interval = 1000 / RATE;
  const start = performance.now();
  const startWall = Date.now();
  const calls: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t0 = startWall + (performance.now() - start);
    calls.push(
      postTrigger().then((id) => {
        sent?.set(id, t0);
      }),
    );
  }
  await Promise.all(calls);
}

function postTrigger(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: API_PORT,
        path: '/api/jobs/trigger',
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => (res.statusCode === 202 ? resolve(JSON.parse(body).id) : reject(new Error(body))));
      },
    );
    req.on('error', reject);
    req.end('{"jobType":"test_noop"}');
  });
}

async function bareBullmq(servers: Servers): Promise<Figures> {
  const prefix = `{${benchDatabase('bench-bare')}}`;
  await deleteQueueKeys(prefix);
  const worker = await spawnProcess(BARE_WORKER, {
    QUEUE_PREFIX: prefix,
    CONCURRENCY: String(CONCURRENCY),
    REDIS_URL: TEST_REDIS_URL,
  });
  const connection = createRedis(TEST_REDIS_URL, 'worker');
  const queue = new Queue('noop', { connection, prefix });
  const cpu = countCpu(servers, [worker.pid as number]);
  const started = performance.now();
  await pool(JOBS, CONCURRENCY, (i) => queue.add('noop', { payload: {} }, { jobId: `bare-${i}`, ...BARE_JOB_OPTIONS }));
  await waitFor('every bare job to complete', async () => (await queue.getCompletedCount()) === JOBS, {
    timeoutMs: 300_000,
    intervalMs: 10,
  });
  const seconds = (performance.now() - started) / 1000;
  const usage = cpu.stop(JOBS);
  await stopProcess(worker);
  await queue.close();
  connection.disconnect();
  await deleteQueueKeys(prefix);
  return { jobsPerSecond: JOBS / seconds, cpu: usage };
}

/**
 * The minimal durable record: bare BullMQ (same add, same worker, same options) plus a row per
 * job, committed before the job is queued (nothing acknowledged is lost, as in the service) and
 * set to completed by the worker, written behind. The clock stops when every row is completed.
 */
async function minimalRecord(servers: Servers): Promise<Figures> {
  const prefix = `{${benchDatabase('bench-minimal')}}`;
  await deleteQueueKeys(prefix);
  const sql = createSql(DATABASE_URL, { max: 20 });
  await createMinimalRecordTable(sql, HISTORY);
  const record = createMinimalRecord(sql);
  const worker = await spawnProcess(BARE_WORKER, {
    QUEUE_PREFIX: prefix,
    CONCURRENCY: String(CONCURRENCY),
    REDIS_URL: TEST_REDIS_URL,
    RECORD_DATABASE_URL: DATABASE_URL,
    DATABASE_POOL_SIZE: '20',
  });
  const connection = createRedis(TEST_REDIS_URL, 'worker');
  const queue = new Queue('noop', { connection, prefix });
  const cpu = countCpu(servers, [worker.pid as number]);
  const started = performance.now();
  await pool(JOBS, CONCURRENCY, async () => {
    const id = await record.create();
    await queue.add('noop', { payload: {} }, { jobId: id, ...BARE_JOB_OPTIONS });
  });
  await waitFor('every minimal job to complete in BullMQ', async () => (await queue.getCompletedCount()) === JOBS, {
    timeoutMs: 300_000,
    intervalMs: 10,
  });
  await waitFor('every minimal row to be completed', async () => (await completedRows(sql)) === JOBS + HISTORY, {
    timeoutMs: 60_000,
    intervalMs: 5,
  });
  const seconds = (performance.now() - started) / 1000;
  const usage = cpu.stop(JOBS);
  await stopProcess(worker);
  await queue.close();
  connection.disconnect();
  await sql`DROP TABLE bench_minimal_record`;
  await sql.end();
  await deleteQueueKeys(prefix);
  return { jobsPerSecond: JOBS / seconds, cpu: usage };
}

/** graphile-worker's logger, warnings and errors only, and none once `closing()`. */
const quietLogger = (closing: () => boolean) =>
  new Logger(() => (level, message) => {
    if (!closing() && (level === 'error' || level === 'warning')) console.error(message);
  });

/**
 * graphile-worker end to end, in its own database on the same server: `addJob` with the same
 * number of producers in flight, and a runner process with the same concurrency (options in
 * graphile-worker.ts). The clock stops when every job has run and its completion is written
 * (graphile-worker deletes a completed job: the jobs table is empty).
 */
async function graphileWorker(servers: Servers): Promise<Figures> {
  await dropDatabase(GRAPHILE_DATABASE);
  const url = `${SERVER}/${GRAPHILE_DATABASE}`;
  await ensureDatabaseExists(url);
  // The producer's pool as the lifecycle's (20 connections). Ours, so that it is closed (awaited)
  // before the database is dropped: graphile-worker's release() does not wait for its own.
  let closing = false;
  const pgPool = new pg.Pool({ connectionString: url, max: 20 });
  // A connection still closing when the database is dropped is told so: expected, not an error.
  const poolError = (error: Error) => closing || console.error('graphile-worker producer pool:', error.message);
  pgPool.on('error', poolError);
  pgPool.on('connect', (client) => client.on('error', poolError));
  const utils = await makeWorkerUtils({ pgPool, logger: quietLogger(() => closing) });
  await utils.migrate();
  let allRan = false;
  const worker = await spawnProcess(
    GRAPHILE_WORKER,
    { DATABASE_URL: url, CONCURRENCY: String(CONCURRENCY), EXPECTED_JOBS: String(JOBS) },
    'worker started',
    [],
    {
      onOutput: (text) => {
        if (text.includes('all jobs ran')) allRan = true;
        else if (/error|warn/i.test(text)) process.stderr.write(text);
      },
    },
  );
  const jobsLeft = () =>
    utils.withPgClient(async (client) => {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM graphile_worker._private_jobs');
      return rows[0].n as number;
    });
  const cpu = countCpu(servers, [worker.pid as number]);
  const started = performance.now();
  await pool(JOBS, CONCURRENCY, () => utils.addJob('noop', {}));
  await waitFor('every graphile-worker job to run', async () => allRan, { timeoutMs: 300_000, intervalMs: 10 });
  await waitFor('every graphile-worker job to be completed', async () => (await jobsLeft()) === 0, {
    timeoutMs: 60_000,
    intervalMs: 5,
  });
  const seconds = (performance.now() - started) / 1000;
  const usage = cpu.stop(JOBS);
  await stopProcess(worker);
  closing = true;
  await utils.release();
  await pgPool.end();
  await dropDatabase(GRAPHILE_DATABASE);
  return { jobsPerSecond: JOBS / seconds, cpu: usage };
}

async function lifecycle(servers: Servers): Promise<Figures> {
  const prefix = `{${benchDatabase('bench-lifecycle')}}`;
  await deleteQueueKeys(prefix);
  const env = testEnv({ databaseUrl: DATABASE_URL, queuePrefix: prefix }, { DATABASE_POOL_SIZE: '20' });
  const worker = await spawnProcess(WORKER_MAIN, env, undefined, WORKER_FLAGS, watchOutput);
  const sql = createSql(DATABASE_URL, { max: 20 });
  // The worker's Redis (testEnv: TEST_REDIS_URL), so both sides see one queue.
  const redis = createRedis(TEST_REDIS_URL, 'producer');
  const catalogue = buildCatalogue({ extraJobs: testJobs });
  const deps = {
    catalogue,
    lifecycle: createLifecycleStore(sql),
    queues: createJobQueues(catalogue, redis, prefix),
    log,
  };

  await fillJobHistory(sql, HISTORY);
  const cpu = countCpu(servers, [worker.pid as number]);
  const started = performance.now();
  await pool(JOBS, CONCURRENCY, () => triggerJob(deps, { jobType: 'test_noop', startedBy: 'bench' }));
  // The clock stops when every row is completed in Postgres (the record), not when BullMQ is
  // done: the worker writes completions behind. BullMQ's counters (cheap) are watched first, so
  // the count(*) below runs only at the end and does not load Postgres during the run. Every job
  // is queued by now, so none left to run means all ran (BullMQ keeps only the last 10,000
  // completed: its completed count cannot say so for a longer run).
  const queue = deps.queues.get('test_noop');
  const left = async () => queue?.getJobCountByTypes('waiting', 'prioritized', 'active', 'delayed');
  await waitFor('every job to run in BullMQ', async () => (await left()) === 0, {
    timeoutMs: 300_000,
    intervalMs: 10,
  });
  await waitFor(
    'every row to be completed',
    async () =>
      (await sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE status = 'completed'`)[0]?.n === JOBS + HISTORY,
    { timeoutMs: 60_000, intervalMs: 5 },
  );
  const seconds = (performance.now() - started) / 1000;
  const usage = cpu.stop(JOBS);
  const [check] = await sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE status = 'completed'`;
  if (check?.n !== JOBS + HISTORY) throw new Error(`only ${check?.n} of ${JOBS} rows are completed`);
  await stopProcess(worker);
  await deps.queues.close();
  redis.disconnect();
  await sql`TRUNCATE scheduled_jobs, job_attempts, job_events`;
  await sql.end();
  await deleteQueueKeys(prefix);
  return { jobsPerSecond: JOBS / seconds, cpu: usage };
}

async function triggerToRunning(servers: Servers): Promise<LatencyPhase> {
  const prefix = `{${benchDatabase('bench-latency')}}`;
  await deleteQueueKeys(prefix);
  const env = testEnv(
    { databaseUrl: DATABASE_URL, queuePrefix: prefix },
    { PORT: String(API_PORT), HOST: '127.0.0.1' },
  );
  const sql = createSql(DATABASE_URL, { max: 2 });
  await fillJobHistory(sql, HISTORY);
  const worker = await spawnProcess(WORKER_MAIN, env, undefined, WORKER_FLAGS, watchOutput);
  const api = await spawnProcess(API_SERVER, { ...env, LOG_LEVEL: 'info' }, 'Server listening', API_FLAGS, watchOutput);
  const { sent, cpu } = await measuredSends(servers, [api, worker]);
  const total = RATE * SECONDS + RATE;
  await waitFor(
    'every job to start',
    async () => {
      const [row] = await sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE started_at IS NOT NULL`;
      return row?.n === total + HISTORY;
    },
    { timeoutMs: 60_000 },
  );
  const rows = await sql`SELECT id, started_at, created_at FROM scheduled_jobs WHERE started_by <> 'bench-history'`;
  if (process.env.BENCH_DEBUG) {
    // Where the time goes: HTTP and API up to the insert, then commit, queue, worker pick-up.
    const measured = rows.filter((r) => sent.has(r.id as string));
    const part = (f: (r: (typeof rows)[number]) => number) => measured.map(f).sort((a, b) => a - b);
    const toInsert = part((r) => (r.created_at as Date).getTime() - (sent.get(r.id as string) ?? 0));
    const toRunning = part((r) => (r.started_at as Date).getTime() - (r.created_at as Date).getTime());
    for (const [name, values] of [
      ['request→insert', toInsert],
      ['insert→running', toRunning],
    ] as const) {
      console.log(`  ${name}: p50 ${percentile(values, 50)} ms, p99 ${percentile(values, 99)} ms`);
    }
    // When the slowest 1% were sent, in seconds into the phase: together (a pause of one process,
    // a timer's work, a checkpoint) or spread through it (the load itself).
    const first = Math.min(...sent.values());
    console.log(`  first measured send at ${new Date(first).toISOString()}`);
    const slowest = measured
      .map((r) => ({
        row: r,
        at: sent.get(r.id as string) ?? 0,
        ms: (r.started_at as Date).getTime() - (sent.get(r.id as string) ?? 0),
        toInsert: (r.created_at as Date).getTime() - (sent.get(r.id as string) ?? 0),
      }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, Math.ceil(measured.length / 100))
      .sort((a, b) => a.at - b.at);
    console.log(
      `  slowest 1% sent at (s): ${slowest.map((s) => `${((s.at - first) / 1000).toFixed(2)}:${s.ms.toFixed(0)}ms(${s.toInsert.toFixed(0)}+${(s.ms - s.toInsert).toFixed(0)})`).join(' ')}`,
    );
    // Their way from the insert on, from BullMQ's own stamps: added to Redis (the API's queueing),
    // taken by the worker (moveToActive), started (the start statement's transaction).
    const redis = createRedis(TEST_REDIS_URL, 'worker');
    const stamps = await Promise.all(
      slowest.map(async ({ row }) => {
        const [added, taken] = await redis.hmget(`${prefix}:test_noop:${row.id}`, 'timestamp', 'processedOn');
        const created = (row.created_at as Date).getTime();
        const started = (row.started_at as Date).getTime();
        return `${Number(added) - created}/${Number(taken) - Number(added)}/${started - Number(taken)}`;
      }),
    );
    redis.disconnect();
    console.log(`  their insert→added/added→taken/taken→started (ms): ${stamps.join(' ')}`);
  }
  await sql.end();
  await stopProcess(api);
  await stopProcess(worker);
  await deleteQueueKeys(prefix);
  return { ...latencyOf(rows, sent), cpu };
}

/**
 * The same trigger-to-running measure through the minimal durable record over HTTP
 * (minimal-http.ts and bare-worker.ts with RECORD_START): what the latency target meets on this
 * machine before any of the service's own work.
 */
async function minimalTriggerToRunning(servers: Servers): Promise<LatencyPhase> {
  const prefix = `{${benchDatabase('bench-minimal-http')}}`;
  await deleteQueueKeys(prefix);
  const sql = createSql(DATABASE_URL, { max: 2 });
  await createMinimalRecordTable(sql, HISTORY);
  const env = { QUEUE_PREFIX: prefix, REDIS_URL: TEST_REDIS_URL, RECORD_DATABASE_URL: DATABASE_URL };
  const worker = await spawnProcess(BARE_WORKER, { ...env, CONCURRENCY: String(CONCURRENCY), RECORD_START: '1' });
  const api = await spawnProcess(MINIMAL_HTTP, { ...env, PORT: String(API_PORT) }, 'Server listening');
  const { sent, cpu } = await measuredSends(servers, [api, worker]);
  await waitFor(
    'every minimal job to start',
    async () =>
      (await sql`SELECT count(*)::int AS n FROM bench_minimal_record WHERE started_at IS NOT NULL`)[0]?.n ===
      RATE * SECONDS + RATE,
    { timeoutMs: 60_000 },
  );
  const rows = await sql`SELECT id, started_at FROM bench_minimal_record WHERE started_at IS NOT NULL`;
  await stopProcess(api);
  await stopProcess(worker);
  await sql`DROP TABLE bench_minimal_record`;
  await sql.end();
  await deleteQueueKeys(prefix);
  return { ...latencyOf(rows, sent), cpu };
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** A latency phase's figures, with CPU per job over its measured sends (`workers`: the API and the worker). */
type LatencyPhase = Latency & { cpu: CpuPerJob };

/**
 * One second of triggers first, not measured (JIT, connection pools, prepared statements), then
 * RATE × SECONDS measured ones: their send times, and CPU per job of `processes` and the servers.
 */
async function measuredSends(servers: Servers, processes: readonly ChildProcess[]) {
  await sendTriggers(RATE, null);
  const sent = new Map<string, number>();
  const count = countCpu(
    servers,
    processes.map((p) => p.pid as number),
  );
  await sendTriggers(RATE * SECONDS, sent);
  return { sent, cpu: count.stop(RATE * SECONDS) };
}

/** Send-to-started_at of every measured job, in ms. */
function latencyOf(rows: readonly Record<string, unknown>[], sent: Map<string, number>): Latency {
  const latencies = rows
    .map((r) => (r.started_at as Date).getTime() - (sent.get(r.id as string) ?? Number.NaN))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    count: latencies.length,
  };
}

const describeLatency = (l: Latency) =>
  `p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms`;

async function main() {
  await freshDatabase(DATABASE);
  const servers = await (async () => {
    const sql = createSql(DATABASE_URL, { max: 1 });
    const redis = createRedis(TEST_REDIS_URL, 'worker');
    try {
      return await findServers(sql, redis);
    } finally {
      await redis.quit();
      await sql.end();
    }
  })();
  if (args.only !== 'latency') await throughput(servers);
  if (args.only === 'lifecycle') return await dropDatabase(DATABASE);
  const floor = await minimalTriggerToRunning(servers);
  const latency = await triggerToRunning(servers);
  console.log(`trigger-to-running over HTTP at ${RATE} jobs/s for ${SECONDS}s (${latency.count} jobs each):`);
  console.log(`  minimal durable record: ${describeLatency(floor)}`);
  console.log(`  full lifecycle:         ${describeLatency(latency)}  (target p99 < 10 ms)`);
  console.log(
    `At ${RATE} jobs/s: producer = the load generator (this process), workers = the API and the worker process`,
  );
  printCpuTable([
    ['minimal durable record', floor.cpu],
    ['full lifecycle', latency.cpu],
  ]);
  console.log(`MaxListenersExceededWarning printed: ${maxListenersWarnings}`);
  await dropDatabase(DATABASE);
}

/** The four variants' jobs/s, their ratios and their CPU per job. */
async function throughput(servers: Servers) {
  console.log(`lifecycle benchmark: ${JOBS} trivial jobs, concurrency ${CONCURRENCY} (producers and worker)`);
  const background = await backgroundLoad(servers);
  console.log(
    `  before the run (1 s, bench idle): Postgres ${(background.postgres * 100).toFixed(0)}% of a core, ` +
      `Redis ${(background.redis * 100).toFixed(0)}%, machine ${(background.idle * 100).toFixed(0)}% idle ` +
      `(${background.cores} cores; others' load counts in the figures below)`,
  );
  if (args.only === 'lifecycle') {
    const full = await lifecycle(servers);
    console.log(`  full lifecycle:            ${full.jobsPerSecond.toFixed(0).padStart(6)} jobs/s`);
    printCpuTable([['full lifecycle', full.cpu]]);
    return;
  }
  const bare = await bareBullmq(servers);
  const minimal = await minimalRecord(servers);
  const full = await lifecycle(servers);
  const graphile = await graphileWorker(servers);
  const rate = (f: Figures) => `${f.jobsPerSecond.toFixed(0).padStart(6)} jobs/s`;
  console.log(`  bare BullMQ add+process:   ${rate(bare)}`);
  console.log(`  minimal durable record:    ${rate(minimal)}`);
  console.log(`  full lifecycle:            ${rate(full)}`);
  console.log(`  graphile-worker:           ${rate(graphile)}`);
  const ratio = (f: Figures) => (full.jobsPerSecond / f.jobsPerSecond).toFixed(2);
  console.log(`  ratio lifecycle/bare:      ${ratio(bare)}  (target >= 0.50)`);
  console.log(`  ratio lifecycle/minimal:   ${ratio(minimal)}  (target >= 0.80)`);
  console.log(`  ratio lifecycle/graphile:  ${ratio(graphile)}  (target >= 2)`);
  printCpuTable([
    ['bare BullMQ', bare.cpu],
    ['minimal durable record', minimal.cpu],
    ['full lifecycle', full.cpu],
    ['graphile-worker', graphile.cpu],
  ]);
}

runBench(main);
