/**
 * Schedule previews against /health (issue 21, finding 2): `--loops` clients each ask for the
 * costliest preview there is, one after another, for `--seconds`, while one client times
 * GET /health back to back. Prints /health p50/p99 alone and under the loops, and what the
 * previews were answered, against the API running as its own process.
 *
 * Usage: pnpm --filter @scheduler/bench preview-loops [-- --loops 16 --seconds 15 --reads-per-minute 1200]
 * Without --reads-per-minute the read limit is the tests' (a million a minute): the preview's
 * own bound is all that protects the API. `--api <path to server.ts>` measures another checkout.
 * Needs Postgres on 127.0.0.1:5432 and Redis on 127.0.0.1:6379; drops and recreates the
 * database scheduler_bench_preview, uses the queue prefix `{bench-preview}` and port 7297.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deleteQueueKeys, TEST_SERVICE_KEY, testEnv } from '@scheduler/testing';
import { freshDatabase, percentile, spawnProcess, stopProcess } from '../support/processes.ts';
import { COSTLIEST_PREVIEW } from './costliest-preview.ts';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    loops: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '15' },
    'reads-per-minute': { type: 'string' },
    api: { type: 'string', default: fileURLToPath(new URL('../../apps/api/src/server.ts', import.meta.url)) },
  },
});
const PREFIX = '{bench-preview}';
const PORT = 7297;
const BASE = `http://127.0.0.1:${PORT}`;
const WORST = COSTLIEST_PREVIEW;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

/** GET /health back to back until `until`; each latency in ms. */
async function timeHealth(until: number): Promise<number[]> {
  const latencies: number[] = [];
  while (Date.now() < until) {
    const started = performance.now();
    const res = await fetch(`${BASE}/health`);
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
  }
  return latencies.sort((a, b) => a - b);
}

async function previewLoop(until: number, statuses: Map<number, number>, took: number[]) {
  while (Date.now() < until) {
    const started = performance.now();
    const res = await fetch(`${BASE}${WORST}`, { headers: auth });
    await res.arrayBuffer();
    took.push(performance.now() - started);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  }
}

const summary = (latencies: number[]) =>
  `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? Number.NaN).toFixed(1)} ms (${latencies.length} requests)`;

async function main() {
  const databaseUrl = await freshDatabase('scheduler_bench_preview', ['scheduler']);
  await deleteQueueKeys(PREFIX);
  const env = testEnv(
    { databaseUrl, queuePrefix: PREFIX },
    {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      ...(args['reads-per-minute'] ? { RATE_LIMIT_READS_PER_MINUTE: args['reads-per-minute'] } : {}),
    },
  );
  const api = await spawnProcess(args.api as string, { ...env, LOG_LEVEL: 'warn' }, 'Server listening');
  try {
    const seconds = Number(args.seconds);
    const loops = Number(args.loops);
    // Warm up both routes (the first preview of a process loads the zone's rules).
    await fetch(`${BASE}${WORST}`, { headers: auth }).then((r) => r.arrayBuffer());
    const alone = await timeHealth(Date.now() + 3000);

    const until = Date.now() + seconds * 1000;
    const statuses = new Map<number, number>();
    const took: number[] = [];
    const [loaded] = await Promise.all([
      timeHealth(until),
      ...Array.from({ length: loops }, () => previewLoop(until, statuses, took)),
    ]);
    took.sort((a, b) => a - b);

    console.log(`api: ${args.api}`);
    console.log(`read limit: ${env.RATE_LIMIT_READS_PER_MINUTE} a minute per principal`);
    console.log(`/health alone:                 ${summary(alone)}`);
    console.log(`/health with ${loops} preview loops: ${summary(loaded)}`);
    console.log(`previews: ${[...statuses].map(([status, n]) => `${n} × ${status}`).join(', ')} in ${seconds} s`);
    console.log(`preview latency: ${summary(took)}`);
  } finally {
    await stopProcess(api);
    await deleteQueueKeys(PREFIX);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
