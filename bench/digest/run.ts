/**
 * Weekly digest benchmark (issues 4 and 26): one weekly_digest run to N generated recipients
 * against the email stand-in answering at once, beside two baselines in the same run: the bare
 * sender (HTTP alone) and the minimal exactly-once sender (HTTP plus one claim and one
 * confirmation statement per batch). Prints emails per second, CPU microseconds per email of
 * every process, the worker's peak RSS, the price of personalisation, and checks that every
 * recipient got exactly one email in every digest run.
 *
 * Usage: pnpm bench:digest [-- --recipients 100000 --batch 1000 --concurrency 64]
 * Needs Redis and Postgres on 127.0.0.1; drops and recreates the database
 * scheduler_bench_digest[_BENCH_NAMESPACE]; BENCH_PORT moves the stand-ins' ports.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSql } from '@scheduler/db';
import { buildCatalogue, isoWeekOf } from '@scheduler/jobs';
import { createLifecycleStore } from '@scheduler/lifecycle';
import { createJobQueues, createRedis, triggerJob } from '@scheduler/runtime';
import { seedReferenceData } from '@scheduler/seed';
import { deleteQueueKeys, TEST_REDIS_URL, testEnv, waitFor } from '@scheduler/testing';
import { createLogger } from '@scheduler/worker';
import {
  benchDatabase,
  freshDatabase,
  productionNodeFlags,
  runBench,
  spawnProcess,
  stopProcess,
} from '../support/processes.ts';
import { sendBare } from './bare-client.ts';
import { type CpuPerItem, describeCpu, meterCpu } from './cpu.ts';
import { sendMinimalOnce } from './minimal-sender.ts';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  allowNegative: true,
  options: {
    recipients: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '64' },
    bundle: { type: 'boolean', default: false },
    // Also time a second digest (another week) with personalisation off, to price it.
    'compare-unpersonalised': { type: 'boolean', default: true },
    // Warm pairs (unpersonalised, then personalised) that price personalisation; the median counts.
    pairs: { type: 'string', default: '3' },
    'node-flags': { type: 'string' },
  },
});
const RECIPIENTS = Number(args.recipients);
const DATABASE = benchDatabase('scheduler_bench_digest');
const NAMESPACE = (process.env.BENCH_NAMESPACE ?? '').replace(/[^a-z0-9]/g, '');
const PREFIX = NAMESPACE ? `{bench-digest-${NAMESPACE}}` : '{bench-digest}';
// BENCH_PORT: the stand-ins' first port (user, then crawler, email, alert receiver), for checkouts that
// bench on one machine at once.
const PORT_BASE = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
const PORTS = PORT_BASE
  ? { user: PORT_BASE, crawler: PORT_BASE + 1, email: PORT_BASE + 2, alertReceiver: PORT_BASE + 3 }
  : { crawler: 7204, email: 7206, user: 7203 };
const EMAIL_URL = `http://127.0.0.1:${PORTS.email}`;
// The worker's production start command (apps/worker/package.json) runs with these heap
// settings: a young generation large enough that per-request garbage dies young, and an old
// space that fits the container. --node-flags replaces them.
const WORKER_NODE_FLAGS =
  args['node-flags'] !== undefined ? args['node-flags'].split(' ').filter(Boolean) : productionNodeFlags('worker');
const STAND_INS = fileURLToPath(new URL('../../apps/stand-ins/src/main.ts', import.meta.url));
// --bundle measures the worker as production runs it: the tsup bundle (pnpm build) on plain Node.
const WORKER_MAIN = fileURLToPath(
  new URL(args.bundle ? '../../apps/worker/dist/main.js' : '../../apps/worker/src/main.ts', import.meta.url),
);

/** Resident set size of a process now and at its peak (Linux /proc), in MB. */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

async function main() {
  const databaseUrl = await freshDatabase(DATABASE, ['scheduler', 'reference']);
  const sql = createSql(databaseUrl, { max: 4 });
  const seeded = await seedReferenceData(sql, {
    users: RECIPIENTS,
    discoveries: 2000,
    interactions: 50_000,
    moderationItems: 0,
    reports: 0,
    withoutPreferencesShare: 0,
    optInShare: 1,
    deletedShare: 0,
    unsubscribedShare: 0,
    noEmailShare: 0,
  });
  console.log(`seeded ${seeded.weeklyDigestRecipients} digest recipients in ${seeded.durationMs} ms`);

  const standIns = await spawnProcess(
    STAND_INS,
    {
      DATABASE_URL: databaseUrl,
      CRAWLER_PORT: String(PORTS.crawler),
      EMAIL_PORT: String(PORTS.email),
      USER_PORT: String(PORTS.user),
      ...('alertReceiver' in PORTS ? { ALERT_RECEIVER_PORT: String(PORTS.alertReceiver) } : {}),
    },
    'user stand-in listening',
  );
  // 100,000 template copies would measure the stand-in's memory, not the worker's.
  await fetch(`${EMAIL_URL}/__stand-in/behaviour`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ recordTemplateData: false }),
  });
  await deleteQueueKeys(PREFIX);
  const env = testEnv({ databaseUrl, queuePrefix: PREFIX, emailUrl: EMAIL_URL });
  const worker = await spawnProcess(WORKER_MAIN, env, 'worker started', WORKER_NODE_FLAGS);
  const pid = worker.pid as number;
  const idle = memoryOf(pid);

  const redis = createRedis(TEST_REDIS_URL, 'producer');
  const catalogue = buildCatalogue();
  const queues = createJobQueues(catalogue, redis, PREFIX);
  const jobs = createLifecycleStore(sql);
  let peakSampled = idle.rssMb;
  /** One digest run for `isoWeek`, to completion: its row. */
  const runDigest = async (isoWeek: string, personalise: boolean) => {
    const job = await triggerJob(
      { catalogue, lifecycle: jobs, queues, log: createLogger('silent', 'bench') },
      {
        jobType: 'weekly_digest',
        payload: {
          isoWeek,
          personalise,
          batchSize: Number(args.batch),
          concurrency: Number(args.concurrency),
          perSecond: 100_000,
        },
        startedBy: 'bench',
      },
    );
    return waitFor(
      'the digest to finish',
      async () => {
        peakSampled = Math.max(peakSampled, memoryOf(pid).rssMb);
        const row = await jobs.get(job.id);
        if (row?.status === 'failed') throw new Error(`digest failed: ${row.error}`);
        return row?.status === 'completed' ? row : null;
      },
      { timeoutMs: 30 * 60_000, intervalMs: 200 },
    );
  };
  const secondsOf = (row: { startedAt: Date | null; completedAt: Date | null }) =>
    ((row.completedAt?.getTime() ?? 0) - (row.startedAt?.getTime() ?? 0)) / 1000;
  const thisWeek = isoWeekOf(new Date());
  // What the bare client sends: a weekly-trending email of the same size, to real users.
  const sample = (await sql`SELECT id FROM users ORDER BY id LIMIT 1000`).map((u) => u.id as string);
  const templateData = {
    discoveries: Array.from({ length: 10 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      url: `https://example.org/${i}`,
      title: `Discovery ${i}`,
      description: 'A discovery of the week, about as long as the real ones',
      image_url: null,
      domain: 'example.org',
      topics: ['science'],
      like_count: 12,
      save_count: 3,
      share_count: 1,
    })),
    weekStart: '2026-11-23',
    weekEnd: '2026-11-29',
    firstName: 'Ada',
  };
  // Both the digest and the bare client meet a warm stand-in with nothing recorded: its own
  // JIT warm-up is not the digest's cost, nor are 100,000 recorded emails the bare client's.
  const clearStandIn = () => fetch(`${EMAIL_URL}/__stand-in/emails`, { method: 'DELETE' });
  await sendBare(EMAIL_URL, 10_000, Number(args.concurrency), sample, templateData);
  const nodePids = { worker: pid, 'stand-ins': standIns.pid as number, bench: process.pid };
  /** `run` metered: its CPU per email in every process that serves it. */
  const metered = async <T>(run: () => Promise<T>, emailsOf: (result: T) => number) => {
    const meter = await meterCpu(sql, DATABASE, nodePids);
    const result = await run();
    return { result, cpu: await meter.stop(emailsOf(result)) };
  };
  const userIds = (await sql`SELECT id FROM users ORDER BY id`).map((u) => u.id as string);

  /**
   * Every recipient got exactly one email of `isoWeek`, counted at the email stand-in, and the
   * ledger holds one confirmed key per email: the check of every digest run.
   */
  const checkExactlyOnce = async (isoWeek: string) => {
    const { emails } = (await (await fetch(`${EMAIL_URL}/__stand-in/emails`)).json()) as {
      emails: Array<{ userId: string; emailType: string }>;
    };
    const perUser = new Map<string, number>();
    for (const e of emails) perUser.set(e.userId, (perUser.get(e.userId) ?? 0) + 1);
    const missing = userIds.filter((id) => perUser.get(id) !== 1).length;
    const duplicates = [...perUser.values()].filter((n) => n > 1).length;
    const [ledger] = await sql`
      SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*)::int AS total
      FROM side_effect_ledger WHERE key LIKE ${`weekly_digest:%:${isoWeek}`}`;
    const ok =
      missing === 0 &&
      duplicates === 0 &&
      emails.length === RECIPIENTS &&
      ledger?.done === RECIPIENTS &&
      ledger?.total === RECIPIENTS;
    if (!ok) process.exitCode = 1;
    return (
      `${ok ? 'yes' : 'NO'} (stand-in: ${emails.length} emails, ${perUser.size} distinct recipients, ` +
      `${duplicates} with more than one, ${missing} without exactly one; ledger: ${ledger?.done} of ${ledger?.total} keys confirmed)`
    );
  };

  await clearStandIn();
  const cold = await metered(
    () => runDigest(thisWeek.label, true),
    (row) => (row.result?.details as { sent: number } | undefined)?.sent ?? 0,
  );
  const done = cold.result;
  const peak = memoryOf(pid).peakRssMb;

  const seconds = secondsOf(done);
  const details = done.result?.details as {
    sent: number;
    recipients: number;
    discoveries: number;
    withHistory: number;
    fallback: number;
  };
  const digestRate = details.sent / seconds;
  const cpuLine = (cpu: CpuPerItem) => `CPU µs/email: ${describeCpu(cpu)}`;

  console.log(
    `worker: ${args.bundle ? 'bundle' : 'sources via tsx'}, node ${WORKER_NODE_FLAGS.join(' ') || '(no flags)'}`,
  );
  console.log(`weekly_digest to ${details.recipients} recipients (from a pool of ${details.discoveries} discoveries)`);
  console.log(`  sent:               ${details.sent} in ${seconds.toFixed(1)} s (cold worker)`);
  console.log(`  emails per second:  ${digestRate.toFixed(0)}  (this machine moves 3x between days: see the ratios)`);
  console.log(`  digest              ${cpuLine(cold.cpu)}`);
  console.log(
    `  worker RSS:         idle ${idle.rssMb.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (sampled ${peakSampled.toFixed(0)} MB)  (target < 256 MB)`,
  );
  console.log(`  exactly once:       ${await checkExactlyOnce(thisWeek.label)}`);
  console.log(`  personal:           ${details.withHistory} ranked by taste, ${details.fallback} got the week's top`);

  // The same number of sends with nothing around them, to the same stand-in, same concurrency.
  await clearStandIn();
  const bare = await metered(
    () => sendBare(EMAIL_URL, details.sent, Number(args.concurrency), sample, templateData),
    () => details.sent,
  );
  console.log(
    `  bare sender:        ${bare.result.perSecond.toFixed(0)} emails/s (${details.sent} POSTs, concurrency ${args.concurrency}, keep-alive, ${bare.result.failed} failed)`,
  );
  console.log(`  bare                ${cpuLine(bare.cpu)}`);
  // The same recipients through the least an exactly-once sender can do: claim and confirm per batch.
  await clearStandIn();
  const minimal = await metered(
    () =>
      sendMinimalOnce(sql, EMAIL_URL, {
        userIds,
        week: thisWeek.label,
        batchSize: Number(args.batch),
        concurrency: Number(args.concurrency),
        templateData,
      }),
    (r) => r.confirmed,
  );
  console.log(
    `  minimal once:       ${minimal.result.perSecond.toFixed(0)} emails/s (${minimal.result.confirmed} claimed, sent and confirmed, ${minimal.result.failed} failed)`,
  );
  console.log(`  minimal             ${cpuLine(minimal.cpu)}`);
  console.log(`  digest / bare:      ${(digestRate / bare.result.perSecond).toFixed(2)}`);
  console.log(
    `  digest / minimal:   ${(digestRate / minimal.result.perSecond).toFixed(2)}  (cold worker; target >= 0.85)`,
  );

  if (args['compare-unpersonalised']) {
    // The first run pays for the worker's warm-up (as a weekly run does), so the price of
    // personalisation is measured on warm runs of the same week and the same recipients, each
    // after the ledger and the stand-in are cleared. Pairs alternate which goes first (a
    // machine shared with others drifts within a pair), and the median pair counts; the CPU
    // per email of the worker and Postgres is priced too, which other load moves far less.
    const again = async (personalise: boolean) => {
      await sql`DELETE FROM side_effect_ledger`;
      await clearStandIn();
      const run = await metered(
        () => runDigest(thisWeek.label, personalise),
        (row) => (row.result?.details as { sent: number } | undefined)?.sent ?? 0,
      );
      const exactlyOnce = await checkExactlyOnce(thisWeek.label);
      const rate = ((run.result.result?.details as { sent: number } | undefined)?.sent ?? 0) / secondsOf(run.result);
      return { rate, cpu: (run.cpu.node.worker ?? 0) + run.cpu.postgresOurs, exactlyOnce, all: run.cpu };
    };
    const costs: number[] = [];
    const cpuCosts: number[] = [];
    const warmRates: number[] = [];
    for (let pair = 0; pair < Number(args.pairs); pair++) {
      const personalFirst = pair % 2 === 1;
      const first = await again(personalFirst);
      const second = await again(!personalFirst);
      const [plain, personal] = personalFirst ? [second, first] : [first, second];
      warmRates.push(personal.rate);
      costs.push((plain.rate / personal.rate - 1) * 100);
      cpuCosts.push((personal.cpu / plain.cpu - 1) * 100);
      console.log(
        `  warm pair ${pair + 1}:        ${plain.rate.toFixed(0)} emails/s unpersonalised, ${personal.rate.toFixed(0)} personalised ` +
          `(${(personal.rate / minimal.result.perSecond).toFixed(2)} of minimal, ${(personal.rate / bare.result.perSecond).toFixed(2)} of bare; ` +
          `${personalFirst ? 'personalised first' : 'unpersonalised first'}): costs ${costs.at(-1)?.toFixed(1)}% in time, ` +
          `${cpuCosts.at(-1)?.toFixed(1)}% in worker + Postgres CPU`,
      );
      console.log(`    unpersonalised    ${cpuLine(plain.all)}`);
      console.log(`    personalised      ${cpuLine(personal.all)}`);
      console.log(`    exactly once:     ${plain.exactlyOnce} / ${personal.exactlyOnce}`);
    }
    console.log(
      `  personalisation:    costs ${median(costs).toFixed(1)}% in time, ${median(cpuCosts).toFixed(1)}% in worker + Postgres CPU ` +
        `(medians of ${costs.length} warm pairs; target <= 10%)`,
    );
    console.log(
      `  warm digest / minimal: ${(median(warmRates) / minimal.result.perSecond).toFixed(2)} (median of the personalised warm runs)`,
    );
  }

  await stopProcess(worker);
  await stopProcess(standIns);
  await queues.close();
  redis.disconnect();
  await deleteQueueKeys(PREFIX);
  await sql.end();
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

runBench(main);
