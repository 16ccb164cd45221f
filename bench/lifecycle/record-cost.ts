/**
 * What the lifecycle's record costs Postgres per job, this checkout against a baseline checkout,
 * interleaved in one run (A B B A …) so the machine's load falls on both alike.
 *
 * Each variant gets its own database, migrated by its own checkout, and the cost is the CPU time
 * (utime + stime in /proc/<pid>/stat) of that database's client backends only: other work on the
 * shared server (other checkouts' tests and benches) is not counted, as a sum over every postgres
 * process would. Postgres' background processes (WAL writer, checkpointer, autovacuum) are left
 * out: they are shared, and each backend writes its own WAL at commit.
 *
 * Modes:
 *  - `statements`: the lifecycle store alone (no BullMQ): batches of 50 creates, 50 starts and 50
 *    completions, as the worker and the API send them under load;
 *  - `pipeline`: the full lifecycle phase of `pnpm bench:lifecycle`: triggerJob (row, queue add)
 *    with 50 in flight and the checkout's own worker process, until every row is completed;
 *    also prints jobs/s and the worker process's own CPU per job (utime + stime of its pid).
 *
 * Usage (the baseline is a clone of the commit to compare with, installed):
 *   git clone -q . /tmp/base && git -C /tmp/base checkout <rev> && (cd /tmp/base && pnpm install --offline)
 *   pnpm --filter @scheduler/bench record-cost -- --baseline /tmp/base [--mode pipeline] [--jobs 3000] [--pairs 2]
 * Uses (drops and recreates) the databases scheduler_bench_cost_{baseline,current}[_<namespace>].
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { cpuSecondsOf, meterPostgresCpu } from '../support/cpu.ts';
import {
  benchDatabase,
  dropDatabase,
  pool,
  runBench,
  SERVER,
  spawnProcess,
  stopProcess,
} from '../support/processes.ts';
import { lifecycleBenchArgs } from './args.ts';

const {
  args,
  jobs: JOBS,
  concurrency: CONCURRENCY,
} = lifecycleBenchArgs(3000, {
  baseline: { type: 'string' },
  mode: { type: 'string', default: 'statements' },
  pairs: { type: 'string', default: '2' },
});
if (!args.baseline) throw new Error('--baseline <checkout> is required');
const PAIRS = Number(args.pairs);

interface Variant {
  name: string;
  root: string;
  database: string;
  /** Runs `JOBS` jobs through the record; resolves when every row is completed. */
  segment: () => Promise<void>;
  close: () => Promise<void>;
  /** Backends not to count (the bench's own check queries). */
  excluded: Set<number>;
  cpuMicros: number;
  /** Pipeline mode: the checkout's worker process, and its CPU over the variant's segments. */
  workerPid?: number;
  workerMicros: number;
  /** Transactions committed in the variant's database over its segments (pg_stat_database). */
  commits: number;
  seconds: number;
  jobs: number;
}

const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });

/** Transactions committed in `database` so far (Postgres publishes a backend's counts within a second or so). */
async function commitsOf(database: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const [row] = await admin`SELECT xact_commit::float8 AS n FROM pg_stat_database WHERE datname = ${database}`;
  return Number(row?.n ?? 0);
}

async function importFrom(root: string, path: string) {
  return import(pathToFileURL(resolve(root, path)).href);
}

async function variant(name: string, root: string): Promise<Variant> {
  const database = benchDatabase(`scheduler_bench_cost_${name}`);
  const url = `${SERVER}/${database}`;
  const db = await importFrom(root, 'packages/db/src/index.ts');
  const lifecycleModule = await importFrom(root, 'packages/lifecycle/src/index.ts');
  await dropDatabase(database);
  await db.ensureDatabaseExists(url);
  await db.migrate(url);
  const sql = db.createSql(url, { max: args.mode === 'pipeline' ? 20 : 2 });
  const store = lifecycleModule.createLifecycleStore(sql);
  const check = postgres(url, { max: 1, onnotice: () => {} });
  const [checkRow] = await check`SELECT pg_backend_pid() AS pid`;
  const checkPid = Number(checkRow?.pid);
  const v: Variant = {
    name,
    root,
    database,
    excluded: new Set([checkPid]),
    cpuMicros: 0,
    workerMicros: 0,
    commits: 0,
    seconds: 0,
    jobs: 0,
    segment: async () => {},
    close: async () => {
      await sql.end();
      await check.end();
    },
  };
  if (args.mode === 'statements') {
    v.segment = async () => {
      for (let done = 0; done < JOBS; done += CONCURRENCY) {
        const created = await Promise.all(
          Array.from({ length: CONCURRENCY }, (_, i) =>
            store.create({ jobType: `t${i % 4}`, payload: {}, priority: 'LOW', maxAttempts: 1, startedBy: null }),
          ),
        );
        const ids = created.map((c: { record: { id: string } }) => c.record.id);
        await Promise.all(ids.map((id: string) => store.start(id, 'bench')));
        await Promise.all(ids.map((id: string) => store.complete(id, { success: true })));
      }
    };
    return v;
  }
  const runtime = await importFrom(root, 'packages/runtime/src/index.ts');
  const jobs = await importFrom(root, 'packages/jobs/src/index.ts');
  const testing = await importFrom(root, 'packages/testing/src/index.ts');
  const worker = await importFrom(root, 'apps/worker/src/index.ts').catch(() => null);
  const prefix = `{${benchDatabase(`bench-cost-${name}`)}}`;
  await testing.deleteQueueKeys(prefix);
  const env = testing.testEnv({ databaseUrl: url, queuePrefix: prefix }, { DATABASE_POOL_SIZE: '20' });
  const child = await spawnProcess(resolve(root, 'apps/worker/test/entries/worker.ts'), env);
  v.workerPid = child.pid;
  const redis = runtime.createRedis(testing.TEST_REDIS_URL, 'producer');
  const catalogue = jobs.buildCatalogue({ extraJobs: testing.testJobs });
  const deps = {
    catalogue,
    lifecycle: store,
    queues: runtime.createJobQueues(catalogue, redis, prefix),
    log: worker?.createLogger ? worker.createLogger('silent', 'bench') : silentLog(),
  };
  let total = 0;
  v.segment = async () => {
    total += JOBS;
    await pool(JOBS, CONCURRENCY, () => runtime.triggerJob(deps, { jobType: 'test_noop', startedBy: 'bench' }));
    const queue = deps.queues.get('test_noop');
    await testing.waitFor('every job to complete in BullMQ', async () => (await queue.getCompletedCount()) === total, {
      timeoutMs: 300_000,
      intervalMs: 10,
    });
    await testing.waitFor(
      'every row to be completed',
      async () =>
        (await check`SELECT count(*)::int AS n FROM scheduled_jobs WHERE status = 'completed'`)[0]?.n === total,
      { timeoutMs: 60_000, intervalMs: 5 },
    );
  };
  v.close = async () => {
    await stopProcess(child);
    await deps.queues.close();
    redis.disconnect();
    await sql.end();
    await check.end();
    await testing.deleteQueueKeys(prefix);
  };
  return v;
}

function silentLog() {
  const log = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child: () => log };
  return log;
}

async function main() {
  const here = fileURLToPath(new URL('../..', import.meta.url));
  const variants = [await variant('baseline', resolve(args.baseline as string)), await variant('current', here)];
  // One unmeasured segment each: connections opened, plans cached, the worker warm.
  for (const v of variants) await v.segment();
  for (let p = 0; p < PAIRS; p++) {
    for (const v of p % 2 ? [...variants].reverse() : variants) {
      const commitsBefore = await commitsOf(v.database);
      const cpu = meterPostgresCpu({ database: v.database, sql: admin, exclude: v.excluded });
      const workerBefore = v.workerPid ? (cpuSecondsOf(v.workerPid) ?? 0) : 0;
      const t0 = performance.now();
      await v.segment();
      v.seconds += (performance.now() - t0) / 1000;
      v.cpuMicros += (await cpu.stop()) * 1e6;
      if (v.workerPid) v.workerMicros += ((cpuSecondsOf(v.workerPid) ?? 0) - workerBefore) * 1e6;
      v.commits += (await commitsOf(v.database)) - commitsBefore;
      v.jobs += JOBS;
    }
  }
  console.log(`record cost (${args.mode}): ${PAIRS} interleaved segments of ${JOBS} jobs per variant`);
  for (const v of variants) {
    const worker = v.workerPid ? `, worker CPU ${(v.workerMicros / v.jobs).toFixed(0)} µs/job` : '';
    console.log(
      `  ${v.name.padEnd(8)} Postgres CPU ${(v.cpuMicros / v.jobs).toFixed(0)} µs/job${worker}, ${(v.jobs / v.seconds).toFixed(0)} jobs/s, ${(v.commits / v.jobs).toFixed(2)} commits/job`,
    );
  }
  const [base, current] = variants as [Variant, Variant];
  const workerRatio = current.workerPid
    ? `, worker CPU per job ${(current.workerMicros / current.jobs / (base.workerMicros / base.jobs)).toFixed(2)}`
    : '';
  console.log(
    `  current/baseline: CPU per job ${(current.cpuMicros / current.jobs / (base.cpuMicros / base.jobs)).toFixed(2)}${workerRatio},` +
      ` jobs/s ${(current.jobs / current.seconds / (base.jobs / base.seconds)).toFixed(2)}`,
  );
  for (const v of variants) {
    await v.close();
    await dropDatabase(v.database);
  }
  await admin.end();
}

runBench(main);
