/**
 * Soak benchmark (issue 21, finding 13): `update_metrics` jobs at a steady rate for minutes,
 * through the real API and worker processes, with two event-stream readers. Prints each
 * process's RSS slope (MB/min, least-squares fit), the worker's heap after the run (after a full
 * collection) against a fresh worker's, the time per job at the start and at the end of the run
 * (from the job records), and checks that every job completed once, on its first attempt, and
 * that both readers saw each completion once.
 *
 * Usage: pnpm bench:soak [-- --rate 100 --seconds 180]
 * Needs Redis on 127.0.0.1:6379 and Postgres on 127.0.0.1:5432; drops and recreates the
 * database scheduler_bench_soak and uses the queue prefix {bench-soak}.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSql } from '@scheduler/db';
import { seedReferenceData } from '@scheduler/seed';
import { deleteQueueKeys, TEST_SERVICE_KEY, testEnv, waitFor } from '@scheduler/testing';
import { dropDatabase, freshDatabase, percentile, runBench, spawnProcess } from '../support/processes.ts';

const { values: args } = parseArgs({
  // pnpm forwards a literal '--' before script arguments.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '180' },
    readers: { type: 'string', default: '2' },
    // How many jobs at each end of the run are compared for drift.
    window: { type: 'string', default: '1000' },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const READERS = Number(args.readers);
const JOBS = RATE * SECONDS;
const WINDOW = Math.min(Number(args.window), Math.floor(JOBS / 4));
const PORT = 7299;
const PREFIX = '{bench-soak}';
const DATABASE = 'scheduler_bench_soak';

const API_SERVER = fileURLToPath(new URL('../../apps/api/test/entries/server.ts', import.meta.url));
const SOAK_WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** A process with its output kept (the last 100 KB) and its warnings counted. */
interface Spawned {
  child: ChildProcess;
  output: () => string;
  maxListenersWarnings: () => number;
}

async function start(entry: string, env: Record<string, string>, readyText: string, nodeFlags: string[] = []) {
  let output = '';
  let warnings = 0;
  const child = await spawnProcess(entry, env, readyText, nodeFlags, {
    onOutput(text) {
      warnings += text.split('MaxListenersExceededWarning').length - 1;
      output += text;
      if (output.length > 100_000) output = output.slice(-20_000);
    },
  });
  return { child, output: () => output, maxListenersWarnings: () => warnings } satisfies Spawned;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** The worker's heap after a full collection, in MB (bench/soak/worker.ts answers SIGUSR2). */
async function heapOf(worker: Spawned): Promise<number> {
  const before = worker.output().length;
  worker.child.kill('SIGUSR2');
  const line = await waitFor('the heap report', async () => /soak-heap (\{.*\})/.exec(worker.output().slice(before)), {
    timeoutMs: 10_000,
  });
  const report = JSON.parse(line[1] as string) as { heapUsedMb?: number; error?: string };
  if (report.heapUsedMb === undefined) throw new Error(report.error);
  return report.heapUsedMb;
}

const rssMbOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

/** Least-squares slope of (minute, MB) points. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

function postTrigger(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: PORT,
        path: '/api/jobs/trigger',
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () =>
          res.statusCode === 202 ? resolve(JSON.parse(body).id) : reject(new Error(`${res.statusCode}: ${body}`)),
        );
      },
    );
    req.on('error', reject);
    req.end('{"jobType":"update_metrics"}');
  });
}

/** An event-stream reader that counts the `completed` events it gets per job. */
function readEvents() {
  const completed = new Map<string, number>();
  let events = 0;
  let buffer = '';
  const req = http.get({
    host: '127.0.0.1',
    port: PORT,
    path: '/api/events',
    headers: { authorization: `Bearer ${TEST_SERVICE_KEY}`, accept: 'text/event-stream' },
  });
  const opened = new Promise<void>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 200) reject(new Error(`GET /api/events answered ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const kind = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!kind || !data) continue;
          events++;
          if (kind === 'completed') {
            const { jobId } = JSON.parse(data) as { jobId: string };
            completed.set(jobId, (completed.get(jobId) ?? 0) + 1);
          }
        }
      });
      resolve();
    });
  });
  return { opened, completed, events: () => events, close: () => req.destroy() };
}

const ms = (a: Date, b: Date) => b.getTime() - a.getTime();
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

async function main() {
  const databaseUrl = await freshDatabase(DATABASE, ['scheduler', 'reference']);
  const sql = createSql(databaseUrl, { max: 2 });
  // A small catalogue: the job's own statement stays cheap, so what moves is the worker's overhead.
  await seedReferenceData(sql, {
    users: 50,
    discoveries: 20,
    interactions: 200,
    moderationItems: 0,
    reports: 0,
  });
  await deleteQueueKeys(PREFIX);
  const env = testEnv(
    { databaseUrl, queuePrefix: PREFIX },
    { PORT: String(PORT), HOST: '127.0.0.1', RECONCILE_INTERVAL_MS: '60000' },
  );
  const worker = await start(SOAK_WORKER, env, 'worker started', ['--expose-gc']);
  const api = await start(API_SERVER, env, 'Server listening');
  const readers = Array.from({ length: READERS }, readEvents);
  await Promise.all(readers.map((r) => r.opened));
  const processes = { api: api.child.pid as number, worker: worker.child.pid as number };
  const rss: Record<keyof typeof processes, Array<[number, number]>> = { api: [], worker: [] };

  console.log(`soak: ${JOBS} update_metrics jobs at ${RATE}/s for ${SECONDS} s, ${READERS} event-stream readers`);
  const started = performance.now();
  const sampler = setInterval(() => {
    const minute = (performance.now() - started) / 60_000;
    for (const name of ['api', 'worker'] as const) rss[name].push([minute, rssMbOf(processes[name])]);
  }, 2000);

  // A steady rate: each trigger leaves at its slot, whatever the ones before it are doing.
  const calls: Promise<string>[] = [];
  let refused = 0;
  for (let i = 0; i < JOBS; i++) {
    const wait = started + (i * 1000) / RATE - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    calls.push(
      postTrigger().catch((error: unknown) => {
        refused++;
        if (refused <= 3) console.error(`  trigger refused: ${(error as Error).message}`);
        return '';
      }),
    );
    if (i > 0 && i % (RATE * 30) === 0) {
      const [row] = await sql`SELECT count(*) FILTER (WHERE status = 'completed')::int AS done FROM scheduled_jobs`;
      console.log(`  ${Math.round((performance.now() - started) / 1000)} s: ${i} sent, ${row?.done} completed`);
    }
  }
  const ids = (await Promise.all(calls)).filter(Boolean);
  const sentSeconds = (performance.now() - started) / 1000;
  await waitFor(
    'every job to complete',
    async () => {
      const [row] = await sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE status IN ('completed', 'failed')`;
      return row?.n === ids.length;
    },
    { timeoutMs: 10 * 60_000, intervalMs: 500 },
  );
  const drainedSeconds = (performance.now() - started) / 1000;
  await waitFor(
    'both readers to see every completion',
    async () => readers.every((r) => r.completed.size >= ids.length),
    { timeoutMs: 30_000, intervalMs: 200 },
  ).catch(() => null);
  clearInterval(sampler);

  // The heap the worker keeps once idle, against a worker that has run nothing.
  const heapAfter = await heapOf(worker);
  const warnings = worker.maxListenersWarnings();
  for (const r of readers) r.close();
  await stop(api.child);
  await stop(worker.child);
  const fresh = await start(SOAK_WORKER, env, 'worker started', ['--expose-gc']);
  const heapFresh = await heapOf(fresh);
  await stop(fresh.child);

  type Row = Record<string, unknown>;
  const rows: Row[] = await sql`
    SELECT created_at, started_at, completed_at, status, attempts, (result->'details'->>'durationMs')::int AS handler_ms
    FROM scheduled_jobs ORDER BY created_at, id`;
  const first = rows.slice(0, WINDOW);
  const last = rows.slice(-WINDOW);
  const runMs = (r: Row) => ms(r.started_at as Date, r.completed_at as Date);
  const waitMs = (r: Row) => ms(r.created_at as Date, r.started_at as Date);
  const handlerMs = (r: Row) => r.handler_ms as number;
  // The worker's pace: started jobs per second over the window (the queue never runs dry at
  // the rate asked if the worker keeps up, so a pace below RATE means a backlog).
  const pace = (window: Row[]) =>
    (window.length - 1) / (ms(window[0]?.started_at as Date, window.at(-1)?.started_at as Date) / 1000);
  const notCompletedOnce = rows.filter((r) => r.status !== 'completed' || r.attempts !== 1).length;

  const fit = (name: 'api' | 'worker') => {
    // The first fifth of the run is warm-up (JIT, pools, caches); the slope is fitted to the rest.
    const points = rss[name].filter(([minute]) => minute >= (SECONDS / 60) * 0.2);
    const values = rss[name].map(([, mb]) => mb);
    return `${slope(points).toFixed(2)} MB/min (${values[0]?.toFixed(0)} → ${values.at(-1)?.toFixed(0)} MB, peak ${Math.max(...values).toFixed(0)} MB)`;
  };
  const fmt = (n: number) => n.toFixed(1);
  console.log(`  sent in ${fmt(sentSeconds)} s, all settled after ${fmt(drainedSeconds)} s (${refused} refused)`);
  console.log(`  RSS slope, API:    ${fit('api')}`);
  console.log(`  RSS slope, worker: ${fit('worker')}`);
  console.log(
    `  worker heap after a full GC: ${fmt(heapAfter)} MB after the run, ${fmt(heapFresh)} MB fresh ` +
      `(+${fmt(heapAfter - heapFresh)} MB; target: within a few MB)`,
  );
  console.log(`  MaxListenersExceededWarning printed by the worker: ${warnings}`);
  for (const [name, window] of [
    [`first ${WINDOW}`, first],
    [`last ${WINDOW}`, last],
  ] as const) {
    console.log(
      `  ${name.padEnd(11)} jobs: started→completed median ${fmt(median(window.map(runMs)))} ms, ` +
        `handler ${fmt(median(window.map(handlerMs)))} ms, created→started median ${fmt(median(window.map(waitMs)))} ms ` +
        `(p99 ${fmt(
          percentile(
            window.map(waitMs).sort((a, b) => a - b),
            99,
          ),
        )} ms), pace ${fmt(pace(window))} jobs/s`,
    );
  }
  const seenOnce = readers.map(
    (r) => ids.filter((id) => r.completed.get(id) === 1).length === ids.length && r.completed.size === ids.length,
  );
  console.log(
    `  every job completed once on its first attempt: ${notCompletedOnce === 0 && rows.length === ids.length ? 'yes' : 'NO'} ` +
      `(${rows.length} rows, ${notCompletedOnce} not completed or retried)`,
  );
  console.log(
    `  every completion seen once by each reader: ${seenOnce.every(Boolean) ? 'yes' : 'NO'} ` +
      `(${readers.map((r) => `${r.completed.size} completions of ${r.events()} events`).join(', ')})`,
  );

  await sql.end();
  await deleteQueueKeys(PREFIX);
  await dropDatabase(DATABASE);
}

runBench(main);
