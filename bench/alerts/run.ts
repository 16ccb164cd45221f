/**
 * Alerts benchmark (issue 23). Prints, over `--misses` and `--failures` runs:
 *  1. missed slot → webhook: with no worker running, schedules whose slot passes its grace; the
 *     time from the instant the slot counts as missed (slot + grace) to the webhook receiving
 *     its alert.opened, and from the slot itself;
 *  2. final failure → webhook: jobs that fail their last attempt on the real worker; the time
 *     from the job's failure on record (completed_at) to the webhook receiving its alert.opened.
 * The API and the worker run as their own processes with the default evaluation period
 * (ALERT_EVALUATE_MS, 1 s); the webhook is a plain HTTP server in this process.
 *
 * Usage: pnpm bench:alerts [-- --misses 20 --failures 20]
 * Needs Redis on 127.0.0.1:6379 and Postgres on 127.0.0.1:5432 (database scheduler_bench_alerts
 * is dropped and created).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deleteQueueKeys, TEST_SERVICE_KEY, testEnv, waitFor } from '@scheduler/testing';
import postgres from 'postgres';
import { freshDatabase, percentile, runBench, spawnProcess, stopProcess } from '../support/processes.ts';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    misses: { type: 'string', default: '20' },
    failures: { type: 'string', default: '20' },
    'evaluate-ms': { type: 'string', default: '1000' },
  },
});
const MISSES = Number(args.misses);
const FAILURES = Number(args.failures);
const WORKER_MAIN = fileURLToPath(new URL('../../apps/worker/test/entries/worker.ts', import.meta.url));
const API_SERVER = fileURLToPath(new URL('../../apps/api/test/entries/server.ts', import.meta.url));
const PORT = 7098;
/** The schedules' grace: their slot counts as missed this long after it. */
const GRACE_MS = 1000;

interface Received {
  at: number;
  body: {
    type: string;
    alert: { id: string; kind: string; subject: { name: string }; details: Record<string, unknown> };
  };
}

/** The webhook: records when each delivery arrived. */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      received.push({ at: Date.now(), body: JSON.parse(raw) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((r) => server.close(r)) };
}

const stats = (label: string, values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${label}: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms (n=${sorted.length})`;
};

async function main() {
  const databaseUrl = await freshDatabase('scheduler_bench_alerts', ['scheduler', 'reference']);
  const sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });
  const receiver = await startReceiver();
  const prefix = `{bench-alerts-${Date.now()}}`;
  const env = testEnv(
    { databaseUrl, queuePrefix: prefix },
    {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      ALERTS_ENABLED: 'true',
      ALERT_EVALUATE_MS: args['evaluate-ms'],
      ALERT_WEBHOOK_URL: receiver.url,
      ALERT_WEBHOOK_SECRET: 'bench-secret-0123456789abcdef0123',
    },
  );
  // The two rules measured; the others would alert on the bench's own set-up (no worker, at first).
  await sql`UPDATE alert_rules SET enabled = kind IN ('missed_slot', 'final_failure')`;
  const api = await spawnProcess(API_SERVER, env, 'Server listening');
  try {
    // 1. Missed slots, every worker down: each schedule's first slot comes 2 s after it is made,
    //    staggered so that slots fall at every phase of the evaluation period.
    const missedAt = new Map<string, number>();
    for (let i = 0; i < MISSES; i++) {
      const [row] = await sql`
        INSERT INTO schedules (name, job_type, every_ms, every_anchor_at, grace_ms, enabled, last_slot_at)
        VALUES (${`bench-miss-${i}`}, 'test_noop', 60000, now() - interval '58 seconds', ${GRACE_MS}, TRUE, now())
        RETURNING every_anchor_at + interval '60 seconds' AS slot_at`;
      if (!row) throw new Error('the schedule was not made');
      missedAt.set(`bench-miss-${i}`, (row.slot_at as Date).getTime());
      await new Promise((r) => setTimeout(r, 137));
    }
    await waitFor(
      `${MISSES} missed-slot alerts`,
      async () => receiver.received.filter((r) => r.body.alert.kind === 'missed_slot').length >= MISSES,
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    const afterDue: number[] = [];
    const afterSlot: number[] = [];
    for (const r of receiver.received.filter(
      (d) => d.body.type === 'alert.opened' && d.body.alert.kind === 'missed_slot',
    )) {
      afterDue.push(r.at - Date.parse(String(r.body.alert.details.dueBy)));
      afterSlot.push(r.at - (missedAt.get(r.body.alert.subject.name) as number));
    }
    await sql`DELETE FROM schedules`;

    // 2. Final failures on the real worker: each opens an alert; a success resolves it before the next.
    const worker = await spawnProcess(WORKER_MAIN, env);
    const afterFailure: number[] = [];
    try {
      for (let i = 0; i < FAILURES; i++) {
        const failed = await trigger({ failTimes: 3, errorMessage: `bench failure ${i}` });
        const delivery = await waitFor(
          'the final-failure alert',
          async () =>
            receiver.received.find(
              (r) =>
                r.body.type === 'alert.opened' &&
                r.body.alert.kind === 'final_failure' &&
                r.body.alert.details.jobId === failed,
            ),
          { timeoutMs: 60_000, intervalMs: 20 },
        );
        const [job] = await sql`SELECT completed_at FROM scheduled_jobs WHERE id = ${failed}`;
        if (!job) throw new Error(`job ${failed} is not on record`);
        afterFailure.push(delivery.at - (job.completed_at as Date).getTime());
        await trigger({});
        await waitFor(
          'the resolution',
          async () =>
            receiver.received.some(
              (r) => r.body.type === 'alert.resolved' && r.body.alert.id === delivery.body.alert.id,
            ),
          { timeoutMs: 60_000, intervalMs: 50 },
        );
      }
    } finally {
      await stopProcess(worker);
    }

    console.log(`alerts (ALERT_EVALUATE_MS=${args['evaluate-ms']}; API and worker processes, webhook in this process)`);
    console.log(stats('  missed slot (slot + grace) → webhook', afterDue));
    console.log(stats(`  missed slot (the slot itself, grace ${GRACE_MS} ms) → webhook`, afterSlot));
    console.log(stats('  final failure (completed_at) → webhook', afterFailure));
  } finally {
    await stopProcess(api);
    await receiver.close();
    await sql.end();
    await deleteQueueKeys(prefix);
  }
}

/** Triggers a test_script job through the API and answers its id. */
async function trigger(payload: Record<string, unknown>): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${PORT}/api/jobs/trigger`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_SERVICE_KEY}` },
    body: JSON.stringify({ jobType: 'test_script', payload }),
  });
  if (response.status !== 202) throw new Error(`trigger answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { jobId: string }).jobId;
}

runBench(main);
