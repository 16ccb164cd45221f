/**
 * Dashboard under load: the built dashboard, served by the real API, in a real browser (Debian's
 * Chromium through Playwright), signed in with the service key. First one idle Overview tab with
 * no load (the baseline), then jobs triggered at `--rate` for `--seconds` with Overview in one
 * tab and Jobs in another (one browser context: one admin's session). Prints, per tab, the API
 * requests beyond the event stream, failed requests, console errors and the API's own p99; for
 * the Jobs tab how far behind the completions its rows showed; the CPU seconds of the browser,
 * API and worker during the load; and screenshots every page under load.
 *
 * Usage: pnpm bench:dashboard [-- --seconds 100 --rate 20 --idle-seconds 20 --screenshots dir --runs 1]
 * Needs Redis on 127.0.0.1:6379, Postgres on 127.0.0.1:5432 and Chromium at /usr/bin/chromium;
 * drops and recreates the database scheduler_bench_dashboard (suffixed with TEST_DB_NAMESPACE
 * when set) and uses the queue prefix {bench-dashboard} (likewise suffixed).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSql, type Sql } from '@scheduler/db';
import { deleteQueueKeys, TEST_SERVICE_KEY, testEnv, waitFor } from '@scheduler/testing';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { dropDatabase, freshDatabase, percentile, runBench, spawnProcess, stopProcess } from '../support/processes.ts';
import { browserPids, cpuSeconds } from './cpu.ts';
import { callApi, triggerAtRate } from './load.ts';
import { requestLog, serverTimes } from './request-log.ts';
import { ROW_OBSERVER, seenRows, showsAllCompleted, type TabFigures, type TabWatch, watchTab } from './tab.ts';

const { values: args } = parseArgs({
  // pnpm forwards a literal '--' before script arguments.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    seconds: { type: 'string', default: '100' },
    rate: { type: 'string', default: '20' },
    'idle-seconds': { type: 'string', default: '20' },
    screenshots: { type: 'string', default: fileURLToPath(new URL('./out/', import.meta.url)) },
    runs: { type: 'string', default: '1' },
    // Every n-th job runs 2 s with progress, so the pages have running jobs to show; 0: none.
    'slow-every': { type: 'string', default: '20' },
  },
});
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const IDLE_SECONDS = Number(args['idle-seconds']);
const SCREENSHOTS = args.screenshots as string;
const RUNS = Number(args.runs);
const SLOW_EVERY = Number(args['slow-every']);

const NAMESPACE = (process.env.TEST_DB_NAMESPACE ?? '').replace(/[^a-z0-9]/g, '');
const DATABASE = `scheduler_bench_dashboard${NAMESPACE ? `_${NAMESPACE}` : ''}`;
const PREFIX = `{bench-dashboard${NAMESPACE ? `-${NAMESPACE}` : ''}}`;
const API_SERVER = fileURLToPath(new URL('../../apps/api/test/entries/server.ts', import.meta.url));
const WORKER = fileURLToPath(new URL('../../apps/worker/test/entries/worker.ts', import.meta.url));
const DASHBOARD_BUILD = fileURLToPath(new URL('../../apps/dashboard/dist/index.html', import.meta.url));

const TARGETS = { perSecond: 1, lagP99Ms: 2000 };

interface Stack {
  base: string;
  sql: Sql;
  api: ChildProcess;
  worker: ChildProcess;
  log: ReturnType<typeof requestLog>;
}

async function startStack(): Promise<Stack> {
  // The reference tables too: the worker's reconciler reads them.
  const databaseUrl = await freshDatabase(DATABASE, ['scheduler', 'reference']);
  await deleteQueueKeys(PREFIX);
  const log = requestLog();
  const env = testEnv(
    { databaseUrl, queuePrefix: PREFIX },
    { HOST: '127.0.0.1', PORT: '0', LOG_FORMAT: 'json', RECONCILE_INTERVAL_MS: '60000' },
  );
  // The worker's per-job lines are not needed: only errors from it.
  const worker = await spawnProcess(WORKER, { ...env, LOG_LEVEL: 'info' }, 'worker started', [], {
    onOutput: (text) => {
      if (text.includes('"level":50')) process.stderr.write(text);
    },
  });
  let output = '';
  const api = await spawnProcess(API_SERVER, env, 'Server listening', [], {
    onOutput: (text) => {
      if (output.length < 10_000) output += text;
      log.write(text);
    },
  });
  const base = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  if (!base) throw new Error(`the API did not say where it listens: ${output.slice(0, 2000)}`);
  return { base, sql: createSql(databaseUrl, { max: 2 }), api, worker, log };
}

async function stopStack(stack: Stack) {
  await stack.sql.end();
  await stopProcess(stack.api);
  await stopProcess(stack.worker);
  await deleteQueueKeys(PREFIX);
  await dropDatabase(DATABASE);
}

/** A few schedules, so the Schedules page and Overview's next runs have something to show. */
async function seedSchedules(base: string) {
  const schedules = [
    { name: 'nightly-noop', jobType: 'test_noop', cron: '0 3 * * *', enabled: true },
    { name: 'hourly-script', jobType: 'test_script', cron: '17 * * * *', enabled: true },
    { name: 'paused-noop', jobType: 'test_noop', cron: '0 12 * * 1', enabled: false },
  ];
  for (const { name, ...body } of schedules) {
    const answer = await callApi(base, 'PUT', `/api/schedules/${name}`, body);
    if (answer.status >= 300)
      throw new Error(`PUT /api/schedules/${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/**
 * A tab tagged with its own X-Request-Id, so the API's request log tells its requests apart,
 * and with the row observer installed before the page's scripts run.
 */
async function openTab(context: BrowserContext, tag: string, path: string) {
  const page = await context.newPage();
  await page.setExtraHTTPHeaders({ 'x-request-id': tag });
  const watch = watchTab(page, tag);
  await show(watch, path);
  if ((await page.getByLabel('Service key').count()) > 0)
    throw new Error(`${path} asks to sign in: the session did not hold`);
  return watch;
}

/**
 * Goes to `path` and waits for the page to be shown: its heading there, nothing saying it is
 * loading, and no request in flight (event streams aside) — or 15 s of them under load.
 */
async function show(tab: TabWatch, path: string) {
  await tab.page.goto(path);
  await tab.page.locator('h1').first().waitFor({ timeout: 30_000 });
  await waitFor(
    'the page to be shown',
    async () => tab.pending() === 0 && (await tab.page.locator('.loading').count()) === 0,
    { timeoutMs: 15_000, intervalMs: 100 },
  ).catch(() => null);
}

async function signIn(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto('/dashboard/');
  await page.getByLabel('Service key').fill(TEST_SERVICE_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.close();
}

/** Every page under load, from a tab of its own (the measured tabs stay where they are). */
async function screenshotPages(context: BrowserContext, stack: Stack, measured: TabWatch[], dir: string) {
  mkdirSync(dir, { recursive: true });
  const shoot = (page: Page, name: string) => page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  for (const tab of measured) await shoot(tab.page, tab.name.replace('bench-', ''));
  // A running job's page if one runs now, else the one that finished last.
  const [job] = await stack.sql`
    SELECT id FROM scheduled_jobs WHERE status IN ('running', 'completed')
    ORDER BY (status = 'running') DESC, completed_at DESC NULLS LAST LIMIT 1`;
  const pages = [
    ...(job ? [['job', `/dashboard/jobs/${job.id}`]] : []),
    ['trigger', '/dashboard/trigger'],
    ['schedules', '/dashboard/schedules'],
    ['audit', '/dashboard/audit'],
  ] as const;
  const tab = watchTab(await context.newPage(), 'bench-screens');
  await tab.page.setExtraHTTPHeaders({ 'x-request-id': tab.name });
  for (const [name, path] of pages) {
    await show(tab, path);
    await shoot(tab.page, name);
  }
  await tab.page.close();
}

interface Lag {
  rowsSeen: number;
  measured: number;
  neverShownCompleted: number;
  p50: number;
  p99: number;
  max: number;
}

/** For the jobs whose row the tab showed: from completed_at to the row showing completed. */
async function lagOf(tab: TabWatch, sql: Sql, ids: Set<string>): Promise<Lag> {
  const rows = (await seenRows(tab.page)).filter((r) => ids.has(r.id));
  const shown = rows.filter((r) => r.completed !== null);
  const completedAt = new Map<string, number>();
  if (shown.length > 0) {
    const answer = await sql`
      SELECT id, (extract(epoch FROM completed_at) * 1000)::float8 AS at FROM scheduled_jobs
      WHERE id = ANY(${shown.map((r) => r.id)}::uuid[]) AND status = 'completed'`;
    for (const row of answer) completedAt.set(row.id as string, row.at as number);
  }
  const lags = shown
    .filter((r) => completedAt.has(r.id))
    .map((r) => (r.completed as number) - (completedAt.get(r.id) as number))
    .sort((a, b) => a - b);
  return {
    rowsSeen: rows.length,
    measured: lags.length,
    neverShownCompleted: rows.length - shown.length,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: lags.at(-1) ?? Number.NaN,
  };
}

const n1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const n0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function printTab(
  label: string,
  figures: TabFigures,
  p99: { count: number; p50: number; p99: number },
  baseP99: number,
) {
  const failures = [...figures.failures.values()].reduce((a, b) => a + b, 0);
  console.log(`  ${label}`);
  console.log(
    `    API requests beyond the event stream: ${n1(figures.perSecond)}/s average, ${n1(figures.maxPerSecond)}/s max per 10 s ` +
      `(${figures.requests} in all; target ≤ ${TARGETS.perSecond}/s average: ${verdict(figures.perSecond <= TARGETS.perSecond)})`,
  );
  const routes = [...figures.byRoute].slice(0, 5).map(([route, count]) => `${route} ×${count}`);
  if (routes.length > 0) console.log(`      most asked: ${routes.join(', ')}`);
  console.log(`    event streams (re)opened in the window: ${figures.streamsOpened}`);
  console.log(`    failed requests: ${failures} (target 0: ${verdict(failures === 0)})`);
  for (const [what, count] of [...figures.failures].slice(0, 8)) console.log(`      ${what} ×${count}`);
  console.log(
    `    console errors: ${figures.consoleErrors.length} (target 0: ${verdict(figures.consoleErrors.length === 0)})`,
  );
  // The first few distinct texts, with how often each came.
  const texts = new Map<string, number>();
  for (const text of figures.consoleErrors) texts.set(text, (texts.get(text) ?? 0) + 1);
  for (const [text, count] of [...texts].slice(0, 3)) console.log(`      ${text.slice(0, 200)} ×${count}`);
  console.log(
    `    API p99 for its requests (server-side): ${n1(p99.p99)} ms, p50 ${n1(p99.p50)} ms over ${p99.count} answers ` +
      `(idle baseline p99 ${n1(baseP99)} ms)`,
  );
}

interface RunSummary {
  idlePerSecond: number;
  idleP99: number;
  perSecond: Record<string, number>;
  failed: number;
  consoleErrors: number;
  lagP99: number;
  lagMeasured: number;
  readsP99: number;
  cpu: Record<string, number>;
}

async function run(index: number): Promise<RunSummary> {
  const stack = await startStack();
  await seedSchedules(stack.base);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const roots = () => ({
    browser: browserPids(),
    api: [stack.api.pid as number],
    worker: [stack.worker.pid as number],
  });
  try {
    const context = await browser.newContext({ baseURL: stack.base, viewport: { width: 1440, height: 900 } });
    await context.addInitScript({ content: ROW_OBSERVER });
    await signIn(context);

    // 1. Baseline: one idle Overview tab, no load.
    // Idle, the tab asks nothing or little: the API's baseline p99 counts the tab's opening too.
    const idleOpened = Date.now();
    const overview = await openTab(context, 'bench-overview', '/dashboard/');
    const idleFrom = Date.now();
    const idleCpu = cpuSeconds(roots());
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idleTo = Date.now();
    const idleCpuAfter = cpuSeconds(roots());
    const idle = overview.figures(idleFrom, idleTo);
    const idleTimes = serverTimes(stack.log.within(idleOpened, idleTo, (r) => r.reqId === overview.name));
    console.log(`run ${index}: idle baseline, one Overview tab, ${IDLE_SECONDS} s, no load`);
    printTab('Overview (idle; its API p99 includes the opening reads)', idle, idleTimes, idleTimes.p99);
    console.log(
      `    CPU seconds: ${Object.entries(idleCpuAfter)
        .map(([name, s]) => `${name} ${n1(s - (idleCpu[name] ?? 0))}`)
        .join(', ')}`,
    );

    // 2. Load: Overview and Jobs open, jobs triggered at a steady rate.
    const jobs = await openTab(context, 'bench-jobs', '/dashboard/jobs');
    const shotsDir = RUNS > 1 ? `${SCREENSHOTS}/run-${index}` : SCREENSHOTS;
    const tabs = [overview, jobs];
    const from = Date.now();
    const cpuBefore = cpuSeconds(roots());
    const benchBefore = process.cpuUsage();
    const { ids, refused, ended } = await triggerAtRate({
      base: stack.base,
      rate: RATE,
      seconds: SECONDS,
      slowEvery: SLOW_EVERY,
      midway: {
        at: 0.4,
        run: () =>
          screenshotPages(context, stack, tabs, shotsDir).catch((error: unknown) =>
            console.error(`  screenshots failed: ${(error as Error).message}`),
          ),
      },
    });
    const cpuAfter = cpuSeconds(roots());
    const bench = process.cpuUsage(benchBefore);

    // The rows catch up: every job settles, then the Jobs tab shows each row it holds completed.
    const idSet = new Set(ids);
    await waitFor(
      'every job to settle',
      async () => {
        const [row] =
          await stack.sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE status IN ('completed', 'failed', 'cancelled')`;
        return (row?.n as number) >= ids.length;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    ).catch(() => console.error('  not every job settled within 3 minutes'));
    await waitFor('the Jobs tab to show its rows completed', () => showsAllCompleted(jobs.page), {
      timeoutMs: 15_000,
      intervalMs: 200,
    }).catch(() => console.error('  the Jobs tab still shows unfinished rows after 15 s'));
    const lag = await lagOf(jobs, stack.sql, idSet);

    console.log(
      `run ${index}: load, ${RATE} jobs/s for ${SECONDS} s (${ids.length} triggered, ${refused} refused; ` +
        `every ${SLOW_EVERY || '–'}th a 2-s test_script, the rest test_noop), Overview and Jobs tabs`,
    );
    const summary: RunSummary = {
      idlePerSecond: idle.perSecond,
      idleP99: idleTimes.p99,
      perSecond: {},
      failed: 0,
      consoleErrors: 0,
      lagP99: lag.p99,
      lagMeasured: lag.measured,
      readsP99: Number.NaN,
      cpu: {},
    };
    for (const tab of tabs) {
      const figures = tab.figures(from, ended);
      const times = serverTimes(stack.log.within(from, ended, (r) => r.reqId === tab.name));
      printTab(tab === overview ? 'Overview tab' : 'Jobs tab', figures, times, idleTimes.p99);
      summary.perSecond[tab.name] = figures.perSecond;
      summary.failed += [...figures.failures.values()].reduce((a, b) => a + b, 0);
      summary.consoleErrors += figures.consoleErrors.length;
    }
    console.log(
      `  shown state behind (Jobs tab rows, completed_at in Postgres → the row showing completed): ` +
        `p50 ${n0(lag.p50)} ms, p99 ${n0(lag.p99)} ms, max ${n0(lag.max)} ms over ${lag.measured} jobs ` +
        `(target p99 ≤ ${TARGETS.lagP99Ms} ms: ${verdict(lag.p99 <= TARGETS.lagP99Ms)}; ` +
        `${lag.rowsSeen} rows seen, ${lag.neverShownCompleted} left the page before showing completed)`,
    );
    const reads = serverTimes(stack.log.within(from, ended, (r) => r.reqId.startsWith('bench-')));
    const triggers = serverTimes(stack.log.within(from, ended, (r) => r.path === '/api/jobs/trigger'));
    summary.readsP99 = reads.p99;
    console.log(
      `  API p99 (server-side, from its request log): every dashboard request ${n1(reads.p99)} ms over ${reads.count}, ` +
        `triggers ${n1(triggers.p99)} ms over ${triggers.count}; idle baseline ${n1(idleTimes.p99)} ms`,
    );
    for (const [name, seconds] of Object.entries(cpuAfter)) summary.cpu[name] = seconds - (cpuBefore[name] ?? 0);
    summary.cpu.bench = (bench.user + bench.system) / 1e6;
    console.log(
      `  CPU seconds during the load: ${Object.entries(summary.cpu)
        .map(([name, s]) => `${name === 'bench' ? 'bench (triggers + Playwright)' : name} ${n1(s)}`)
        .join(', ')}`,
    );
    console.log(`  screenshots: ${shotsDir}`);
    return summary;
  } finally {
    await browser.close();
    await stopStack(stack);
  }
}

async function main() {
  if (!existsSync(DASHBOARD_BUILD)) {
    throw new Error('No built dashboard: run `pnpm --filter @scheduler/dashboard build` first');
  }
  const summaries: RunSummary[] = [];
  for (let i = 1; i <= RUNS; i++) summaries.push(await run(i));
  if (RUNS > 1) {
    console.log(
      'runs: idle req/s, idle p99 | Overview req/s, Jobs req/s, failed, console errors, lag p99 (n), reads p99 | CPU s',
    );
    for (const [i, s] of summaries.entries()) {
      const [overview, jobs] = [s.perSecond['bench-overview'] ?? Number.NaN, s.perSecond['bench-jobs'] ?? Number.NaN];
      console.log(
        `  ${i + 1}: ${n1(s.idlePerSecond)}/s, ${n1(s.idleP99)} ms | ${n1(overview)}/s, ${n1(jobs)}/s, ${s.failed}, ` +
          `${s.consoleErrors}, ${n0(s.lagP99)} ms (${s.lagMeasured}), ${n1(s.readsP99)} ms | ` +
          Object.entries(s.cpu)
            .map(([name, sec]) => `${name} ${n1(sec)}`)
            .join(', '),
      );
    }
  }
}

runBench(main);
