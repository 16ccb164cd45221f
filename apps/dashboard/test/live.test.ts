import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness, launchBrowser } from '@scheduler/testing/harness';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';

/**
 * The live pages in a real browser against the real API and a worker: under a load of 20 jobs a
 * second, Overview and Jobs stay within a request a second beside their one event stream, show
 * what the API decides (waiting to retry, paused queues, dry runs), and hold still when asked.
 */
const RETRY_BACKOFF_MS = 120_000;
const LOAD_PER_SECOND = 20;
const LOAD_SECONDS = 20;

let h: Harness;
let base: string;
let browser: Browser;
let context: BrowserContext;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'content-type': 'application/json' };

async function trigger(jobType: string, payload: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${base}/api/jobs/trigger`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ jobType, payload }),
  });
  if (res.status !== 202) throw new Error(`trigger answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
const row = (p: Page, id: string) => p.locator(`tr[data-job-id="${id}"]`);

/** What a page asks of the API besides its event stream, and everything that went wrong. */
function watch(p: Page) {
  const seen = {
    requests: 0,
    failed: [] as string[],
    consoleErrors: [] as string[],
    streams: 0,
    streamKinds: null as string | null,
  };
  p.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/')) return;
    if (url.pathname === '/api/events') {
      seen.streams++;
      seen.streamKinds = url.searchParams.get('kinds');
    } else seen.requests++;
  });
  p.on('requestfailed', (request) => seen.failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  p.on('response', (response) => {
    if (response.status() >= 400) seen.failed.push(`${response.url()}: ${response.status()}`);
  });
  p.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  p.on('pageerror', (error) => seen.consoleErrors.push(error.message));
  return seen;
}

async function openPage(path: string) {
  const p = await context.newPage();
  const seen = watch(p);
  await p.goto(path);
  await p.locator('main h1').waitFor();
  return { page: p, seen };
}

beforeAll(async () => {
  h = await createHarness({ JOB_OVERRIDES: JSON.stringify({ test_bounded: { backoffMs: RETRY_BACKOFF_MS } }) });
  base = (await h.spawnApi({ ALLOWED_ORIGINS: 'http://127.0.0.1' })).url;
  await h.startWorker({ JOB_OVERRIDES: JSON.stringify({ test_bounded: { backoffMs: RETRY_BACKOFF_MS } }) });
  browser = await launchBrowser();
  context = await browser.newContext({
    baseURL: base,
    viewport: { width: 1280, height: 900 },
    timezoneId: 'UTC',
    // Only to inject axe-core; the pages run under the API's CSP otherwise.
    bypassCSP: true,
  });
  const signIn = await context.newPage();
  await signIn.goto('/dashboard/');
  await signIn.getByLabel('Service key').fill(TEST_SERVICE_KEY);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await signIn.getByRole('heading', { name: 'Overview' }).waitFor();
  await signIn.close();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the live pages', () => {
  it('hold under 20 jobs a second: a request a second at most beside the stream, none failed, rows current within 2 s', async () => {
    const overview = await openPage('/dashboard/');
    const jobs = await openPage('/dashboard/jobs');
    const scripts = await openPage('/dashboard/jobs?type=test_script');
    const pages = [overview, jobs, scripts];
    for (const { seen } of pages) seen.requests = 0;
    const started = Date.now();

    // The load: test_noop jobs at a steady rate, each trigger its own request.
    const triggers: Array<Promise<string>> = [];
    const load = setInterval(() => triggers.push(trigger('test_noop')), 1000 / LOAD_PER_SECOND);
    const latencies: number[] = [];
    try {
      await waitFor(
        'the load to reach the Jobs page',
        async () => (await jobs.page.locator('tbody tr').count()) >= 25,
        {
          timeoutMs: 10_000,
        },
      );
      // A longer job: its card comes into Running now, moves, and leaves when the job ends.
      const long = await trigger('test_script', { sleepMs: 2500 });
      const card = overview.page.getByRole('region', { name: 'Running now' }).locator(`li[data-job-id="${long}"]`);
      await card.waitFor({ timeout: 10_000 });
      await expect.poll(() => card.locator('progress').getAttribute('value'), { timeout: 5_000 }).not.toBe('0');
      await h.waitForStatus(long, 'completed', 15_000);
      await card.waitFor({ state: 'detached', timeout: 2_000 });

      // Meanwhile, jobs whose rows are followed until they show completed.
      while (Date.now() - started < (LOAD_SECONDS - 3) * 1000) {
        const id = await trigger('test_script', { sleepMs: 300 });
        await row(scripts.page, id).and(scripts.page.locator('[data-status="completed"]')).waitFor({ timeout: 15_000 });
        const shownAt = Date.now();
        const job = (await h.job(id)) as { completedAt: string };
        latencies.push(shownAt - Date.parse(job.completedAt));
      }
      await screenshot(overview.page, 'overview-under-load');
      await screenshot(jobs.page, 'jobs-under-load');
      expect(await seriousViolations(overview.page)).toEqual([]);
      expect(await seriousViolations(jobs.page)).toEqual([]);
      await waitFor('the load to run its time', async () => Date.now() - started >= LOAD_SECONDS * 1000, {
        timeoutMs: LOAD_SECONDS * 1000,
      });
    } finally {
      clearInterval(load);
    }
    const ids = await Promise.all(triggers);
    expect(ids.length).toBeGreaterThanOrEqual(LOAD_PER_SECOND * LOAD_SECONDS * 0.9);
    const seconds = (Date.now() - started) / 1000;

    // The running cards and rows caught up with the end of the load.
    const last = ids.at(-1) as string;
    await h.waitForStatus(last, 'completed', 15_000);
    await row(jobs.page, last).and(jobs.page.locator('[data-status="completed"]')).waitFor({ timeout: 5_000 });

    console.info(
      `under load: ${pages.map((p) => `${(p.seen.requests / seconds).toFixed(2)}`).join(', ')} requests/s; rows completed after ${latencies.join(', ')} ms`,
    );
    expect(latencies.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(2_000);
    for (const { seen } of pages) {
      // One stream for the tab, every kind but log lines.
      expect(seen.streams).toBe(1);
      expect(seen.streamKinds?.split(',')).toEqual(expect.arrayContaining(['created', 'started', 'completed']));
      expect(seen.streamKinds?.split(',')).not.toContain('log');
      expect(seen.requests / seconds).toBeLessThanOrEqual(1);
      expect(seen.failed).toEqual([]);
      expect(seen.consoleErrors).toEqual([]);
    }
    for (const { page } of pages) await page.close();
  }, 120_000);

  it('shows a job waiting to retry, with its next try, on Jobs and on the Overview', async () => {
    const id = await trigger('test_bounded', { failTimes: 1 });
    await waitFor('the first attempt to fail', async () => (await h.job(id)).attempts >= 1, { timeoutMs: 10_000 });
    const { page } = await openPage('/dashboard/jobs?type=test_bounded');
    await expect.poll(() => row(page, id).getAttribute('data-state'), { timeout: 15_000 }).toBe('waiting_to_retry');
    const shown = await row(page, id).textContent();
    expect(shown).toContain('waiting to retry');
    expect(shown).toMatch(/attempt 1 of 3 failed · next try in (1|2) min/);
    await screenshot(page, 'jobs-waiting-to-retry');

    await page.goto('/dashboard/');
    const waiting = page.getByRole('region', { name: 'Waiting' });
    await expect
      .poll(() => waiting.locator(`li[data-job-id="${id}"]`).textContent())
      .toMatch(/attempt 1 of 3 failed · next try in (1|2) min/);
    await screenshot(page, 'overview-waiting-to-retry');
    await page.close();
  });

  it('shows a paused queue on the Overview and its jobs as paused', async () => {
    // As Bull Board pauses it: the BullMQ queue itself.
    const queue = h.queues().get('test_script');
    await queue?.pause();
    try {
      const id = await trigger('test_script', {});
      // The API reads which queues are paused every second or so: once it has seen it, the page opens.
      await waitFor('the API to see the queue paused', async () => {
        const res = await fetch(`${base}/api/overview`, { headers: auth });
        return ((await res.json()) as { pausedQueues: string[] }).pausedQueues.includes('test_script');
      });
      const { page } = await openPage('/dashboard/');
      const banner = page.getByRole('region', { name: 'Queue paused' });
      await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toContain('test_script');
      await expect
        .poll(() => page.locator('tr[data-job-type="test_script"]').getAttribute('data-queue-paused'))
        .toBe('true');
      expect(await page.locator('tr[data-job-type="test_script"]').textContent()).toContain('queue paused');
      await expect
        .poll(() =>
          page.getByRole('region', { name: 'Waiting' }).locator(`li[data-job-id="${id}"]`).getAttribute('data-state'),
        )
        .toBe('paused');
      await screenshot(page, 'overview-queue-paused');
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('/dashboard/jobs?type=test_script');
      await expect.poll(() => row(page, id).getAttribute('data-state')).toBe('paused');
      await page.close();
    } finally {
      await queue?.resume();
    }
  });

  it('marks a dry run in the list', async () => {
    const dry = await trigger('cleanup_old_data', { dryRun: true });
    const real = await trigger('test_noop');
    const { page } = await openPage('/dashboard/jobs');
    await row(page, dry).waitFor();
    await row(page, real).waitFor();
    expect(await row(page, dry).locator('.dry-run').textContent()).toBe('dry run');
    expect(await row(page, real).locator('.dry-run').count()).toBe(0);
    await page.close();
  });

  it('searches: to a whole day, started by, a short id (Enter applies each), and a page cursor that survives a reload', async () => {
    const id = await trigger('test_noop');
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const { page } = await openPage('/dashboard/jobs');
    const bar = page.getByRole('searchbox');
    const search = async (text: string) => {
      await bar.fill(text);
      await bar.press('Enter');
      await expect.poll(() => new URL(page.url()).searchParams.get('q') ?? '').toBe(text);
    };

    await search(`to:${today}`);
    await row(page, id).waitFor();
    await search(`to:${yesterday}`);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(0);

    await search('startedBy:scheduler');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(0);
    await search('startedBy:service');
    await row(page, id).waitFor();

    const short = id.slice(0, 8);
    expect(await row(page, id).locator('.short-id').textContent()).toBe(short);
    await search(`id:${short}`);
    await expect
      .poll(() => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id'))))
      .toEqual([id]);
    await search('');

    // The load left many pages: the second one is in the URL and a reload shows it again. (A
    // link from before the search bar: its filter becomes the bar's query.)
    await page.goto('/dashboard/jobs?type=test_noop');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('type:test_noop');
    await page.locator('tbody tr').first().waitFor();
    const idsOf = () => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id')));
    await expect.poll(async () => (await idsOf()).length).toBe(25);
    const first = await idsOf();
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('after')).toBeTruthy();
    // The first page stays shown until the second has come: wait for the second's rows.
    await expect.poll(async () => (await idsOf()).some((id) => first.includes(id))).toBe(false);
    await expect.poll(async () => (await idsOf()).length).toBe(25);
    const second = await idsOf();
    await page.reload();
    await expect.poll(idsOf).toEqual(second);
    await page.close();
  });

  it('holds rows still while live updates are paused or the pointer rests on the table, and applies them after', async () => {
    const { page } = await openPage('/dashboard/jobs?type=test_noop');
    await page.locator('tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Pause live updates' }).click();
    const held = await trigger('test_noop');
    await expect.poll(() => page.locator('[data-held]').getAttribute('data-held')).not.toBe('0');
    expect(await page.locator('[data-held]').textContent()).toMatch(/paused · \d+ updates? held/);
    expect(await row(page, held).count()).toBe(0);
    await screenshot(page, 'jobs-paused');
    await page.getByRole('button', { name: 'Resume live updates' }).click();
    await row(page, held).waitFor();

    // The pointer on the table holds the rows; leaving applies what came meanwhile.
    await page.locator('table.jobs tbody tr').first().hover();
    const pointed = await trigger('test_noop');
    await expect.poll(() => page.locator('[data-held]').getAttribute('data-held')).not.toBe('0');
    expect(await row(page, pointed).count()).toBe(0);
    await page.mouse.move(5, 5);
    await row(page, pointed).waitFor();
    await page.close();
  });
});
