/**
 * Readers that stop reading (issue 21, finding 1): opens `--paused-streams` event streams with
 * `Last-Event-ID: 0` against an API, running as its own process, whose database holds a week of
 * events (`--events`), reads each stream's first bytes (the status) and then never reads again.
 * Meanwhile it samples the API's RSS and the latency of /health and /health/ready, and prints
 * them before, during and after.
 *
 * Usage: pnpm bench:paused-streams [-- --events 16000 --paused-streams 300 --seconds 30]
 *   --principals N   callers the streams are spread over (moderators with Clerk tokens; default:
 *                    enough to stay under EVENT_STREAMS_PER_PRINCIPAL, 20); 1 shows the cap
 *   --last-event-id N  what the streams resume from (0: the whole history; past 5,000 missed
 *                    events the API sends reset, so e.g. 12000 shows a replay held by backpressure)
 *   --api-entry PATH another checkout's apps/api/src/server.ts (measure a version before a fix)
 * Each load is a flag (a count; 0 leaves it out): add one to LOADS below.
 * Needs Postgres on 127.0.0.1:5432 and Redis on 127.0.0.1:6379; drops and recreates the
 * database scheduler_bench_streams, uses the queue prefix `{bench-streams}` and port 7297.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSql } from '@scheduler/db';
import { createClerkSigner, deleteQueueKeys, testEnv } from '@scheduler/testing';
import { freshDatabase, percentile, pool, runBench, spawnProcess, stopProcess } from '../support/processes.ts';
import { COSTLIEST_PREVIEW } from './costliest-preview.ts';

const PREFIX = '{bench-streams}';
const PORT = 7297;
const DASHBOARD = 'http://localhost:3000';
const STREAMS_PER_PRINCIPAL = 20;

/** What a load gets: where the API is and how to sign in as the n-th of many callers. */
interface LoadContext {
  base: string;
  port: number;
  /** Authorization headers of caller `n` (a Clerk moderator), n from 0. */
  callerHeaders(n: number): Promise<Record<string, string>>;
  principals: number | null;
}
interface RunningLoad {
  /** Ends the load and says what it did, in one line. */
  stop(): Promise<string>;
}
interface Load {
  flag: string;
  fallback: string;
  describe: string;
  start(count: number, context: LoadContext): Promise<RunningLoad>;
}

const LOADS: Load[] = [
  {
    flag: 'paused-streams',
    fallback: '300',
    describe: 'event streams opened with Last-Event-ID: 0 and never read',
    start: startPausedStreams,
  },
  {
    flag: 'preview-loops',
    fallback: '0',
    describe: 'clients asking for the costliest schedule preview, one request after another',
    start: startPreviewLoops,
  },
];

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    events: { type: 'string', default: '16000' },
    seconds: { type: 'string', default: '30' },
    principals: { type: 'string' },
    'last-event-id': { type: 'string', default: '0' },
    'api-entry': { type: 'string', default: fileURLToPath(new URL('../../apps/api/src/server.ts', import.meta.url)) },
    ...Object.fromEntries(LOADS.map((load) => [load.flag, { type: 'string' as const, default: load.fallback }])),
  },
});

/** A week of a busy service's events: ~200 bytes each, over 500 jobs, mostly log lines. */
async function fillEvents(databaseUrl: string, count: number) {
  const sql = createSql(databaseUrl, { max: 1 });
  await sql`
    WITH jobs AS (SELECT gen_random_uuid() AS id, n FROM generate_series(0, 499) n)
    INSERT INTO job_events (job_id, job_type, kind, data, at)
    SELECT j.id, 'crawl_pending', CASE WHEN g % 8 = 0 THEN 'progress' ELSE 'log' END,
           jsonb_build_object('level', 'info', 'logId', g::text,
                              'message', 'crawled https://example.com/page/' || g || ' in ' || (g % 900) || ' ms; ' ||
                                         repeat('links found, ', 6),
                              'data', jsonb_build_object('step', g)),
           now() - (${count} - g) * interval '37 seconds'
    FROM generate_series(1, ${count}) g JOIN jobs j ON j.n = g % 500`;
  const [row] = await sql`SELECT count(*)::int AS n, pg_size_pretty(sum(pg_column_size(data))) AS size FROM job_events`;
  await sql.end();
  console.log(`filled ${row?.n} events (${row?.size} of data)`);
}

/** Streams that read the status line, then nothing: the kernel's buffers fill, then the API's. */
async function startPausedStreams(count: number, context: LoadContext): Promise<RunningLoad> {
  const sockets: Socket[] = [];
  const statuses = new Map<string, number>();
  let resets = 0;
  let endedByApi = 0;
  const principals = context.principals ?? Math.ceil(count / STREAMS_PER_PRINCIPAL);
  await pool(count, 50, async (i) => {
    const headers = await context.callerHeaders(i % principals);
    const socket = connect(context.port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => {});
    socket.on('end', () => endedByApi++);
    await new Promise<void>((resolve) => {
      socket.once('connect', () => {
        const lines = Object.entries({
          ...headers,
          host: `127.0.0.1:${context.port}`,
          'last-event-id': args['last-event-id'] as string,
        });
        socket.write(`GET /api/events HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
      });
      // Read the status and the first event (or the refusal), then stop reading for good.
      let text = '';
      const take = (chunk: Buffer) => {
        text += chunk.toString('latin1');
        const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
        const seen = status && (status !== '200' ? text.includes('\r\n\r\n') : text.includes('event: '));
        if (!seen && text.length < 65_536) return;
        socket.off('data', take);
        socket.pause();
        statuses.set(status ?? '???', (statuses.get(status ?? '???') ?? 0) + 1);
        if (/event: (\w+)/.exec(text)?.[1] === 'reset') resets++;
        resolve();
      };
      socket.on('data', take);
      socket.once('close', () => resolve());
    });
  });
  return {
    async stop() {
      // A paused socket does not see the API's end until it reads: read what is left, then count.
      for (const socket of sockets) socket.on('data', () => {}).resume();
      await sleep(3000);
      for (const socket of sockets) socket.destroy();
      const answered = [...statuses].map(([status, n]) => `${n} × ${status}`).join(', ');
      return `${count} paused streams over ${principals} principal(s): ${answered}; ${resets} had reset as their first event; ${endedByApi} had been ended by the API (dropped)`;
    },
  };
}

/** Clients that each ask for the costliest schedule preview, one request after another. */
async function startPreviewLoops(count: number, context: LoadContext): Promise<RunningLoad> {
  const statuses = new Map<string, number>();
  let running = true;
  // Callers of their own (numbered past the streams'), so the streams' caps do not meet them.
  const loops = Array.from({ length: count }, async (_, i) => {
    const headers = await context.callerHeaders(10_000 + i);
    while (running) {
      let status = 'error';
      try {
        const res = await fetch(`${context.base}${COSTLIEST_PREVIEW}`, { headers });
        await res.arrayBuffer();
        status = String(res.status);
      } catch {}
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      const answered = [...statuses].map(([status, n]) => `${n} × ${status}`).join(', ');
      return `${count} preview loops: ${answered}`;
    },
  };
}

const rssOf = (pid: number) => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
};

/** Samples RSS every 250 ms and /health, /health/ready one request after another. */
function watch(base: string, pid: number) {
  const rss: number[] = [];
  const health: number[] = [];
  let healthFailed = 0;
  let readyFailed = 0;
  let running = true;
  const sampler = setInterval(() => rss.push(rssOf(pid)), 250);
  const probe = async (path: string, times: number[] | null, failed: () => void) => {
    while (running) {
      const started = performance.now();
      try {
        const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(15_000) });
        await res.arrayBuffer();
        if (res.status !== 200) failed();
      } catch {
        failed();
      }
      times?.push(performance.now() - started);
      await sleep(50);
    }
  };
  const probes = Promise.all([
    probe('/health', health, () => healthFailed++),
    probe('/health/ready', null, () => readyFailed++),
  ]);
  return {
    async stop() {
      running = false;
      clearInterval(sampler);
      await probes;
      const sorted = [...health].sort((a, b) => a - b);
      return {
        rssPeak: Math.max(...rss, rssOf(pid)),
        rssEnd: rssOf(pid),
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? Number.NaN,
        requests: health.length,
        healthFailed,
        readyFailed,
      };
    },
  };
}

async function main() {
  const databaseUrl = await freshDatabase('scheduler_bench_streams', ['scheduler', 'reference']);
  await fillEvents(databaseUrl, Number(args.events));
  await deleteQueueKeys(PREFIX);
  const clerk = await createClerkSigner();
  const env = testEnv(
    { databaseUrl, queuePrefix: PREFIX },
    {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      CLERK_JWT_KEY: clerk.publicKeyPem,
      CLERK_ISSUER: clerk.issuer,
      ALLOWED_ORIGINS: DASHBOARD,
    },
  );
  const entry = args['api-entry'] as string;
  const api = await spawnProcess(entry, { ...env, LOG_LEVEL: 'warn' }, 'Server listening');
  const base = `http://127.0.0.1:${PORT}`;
  const tokens = new Map<number, string>();
  const context: LoadContext = {
    base,
    port: PORT,
    principals: args.principals ? Number(args.principals) : null,
    async callerHeaders(n) {
      let token = tokens.get(n);
      if (!token) {
        token = await clerk.token({ sub: `user_bench_${n}`, role: 'moderator', azp: DASHBOARD, expiresIn: 1800 });
        tokens.set(n, token);
      }
      return { authorization: `Bearer ${token}` };
    },
  };

  try {
    const pid = api.pid as number;
    const idle = watch(base, pid);
    await sleep(3000);
    const before = await idle.stop();
    console.log(`API ${entry}`);
    console.log(
      `idle: RSS ${before.rssEnd.toFixed(0)} MB; /health p50 ${before.p50.toFixed(1)} ms, p99 ${before.p99.toFixed(1)} ms`,
    );

    const during = watch(base, pid);
    const started = performance.now();
    const loads: RunningLoad[] = [];
    for (const load of LOADS) {
      const count = Number(args[load.flag as keyof typeof args]);
      if (count > 0) loads.push(await load.start(count, context));
    }
    console.log(`loads started in ${((performance.now() - started) / 1000).toFixed(1)} s; holding ${args.seconds} s`);
    await sleep(Number(args.seconds) * 1000);
    const figures = await during.stop();
    for (const load of loads) console.log(await load.stop());
    console.log(
      `during: RSS peak ${figures.rssPeak.toFixed(0)} MB (end ${figures.rssEnd.toFixed(0)} MB); /health p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, max ${figures.max.toFixed(0)} ms over ${figures.requests} requests; non-200: /health ${figures.healthFailed}, /health/ready ${figures.readyFailed}`,
    );
    await sleep(3000);
    console.log(`after: RSS ${rssOf(pid).toFixed(0)} MB`);
  } finally {
    await stopProcess(api);
    await deleteQueueKeys(PREFIX);
  }
}

runBench(main);
