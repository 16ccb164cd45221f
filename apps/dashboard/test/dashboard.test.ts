import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClerkSigner, TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness, launchBrowser } from '@scheduler/testing/harness';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';

/**
 * The dashboard in a real browser (Debian's Chromium through Playwright) against the real API
 * (its own process, serving the built dashboard), a worker and the stand-ins.
 */
let h: Harness;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let clerk: Awaited<ReturnType<typeof createClerkSigner>>;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: answers of many routes, read field by field
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, any> };
};
const statusOf = (p: Page) => p.locator('h1 .status');
const retriesOf = async (id: string) =>
  (await h.sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE retry_of = ${id}`)[0]?.n as number;

/** The page's requests to `path` from now on; `settled()` waits until each has its answer. */
function sentCommands(p: Page, path: string) {
  let sent = 0;
  let answered = 0;
  p.on('request', (request) => {
    if (new URL(request.url()).pathname === path) sent++;
  });
  p.on('requestfinished', (request) => {
    if (new URL(request.url()).pathname === path) answered++;
  });
  p.on('requestfailed', (request) => {
    if (new URL(request.url()).pathname === path) answered++;
  });
  return {
    settled: () => waitFor(`the requests to ${path} to be answered`, async () => sent > 0 && answered === sent),
  };
}

beforeAll(async () => {
  clerk = await createClerkSigner();
  // Clerk tokens are made for the dashboard's origin, which is the API's own here.
  h = await createHarness({ CLERK_JWT_KEY: clerk.publicKeyPem, CLERK_ISSUER: clerk.issuer });
  const spawned = await h.spawnApi({ ALLOWED_ORIGINS: 'http://127.0.0.1' });
  base = spawned.url;
  await h.startWorker();
  await h.sql`INSERT INTO users (clerk_user_id, email, role) VALUES ('user_moderator', 'm@example.com', 'moderator')`;
  browser = await launchBrowser();
  // bypassCSP only lets the test inject axe-core; the pages run under the API's CSP otherwise.
  context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, bypassCSP: true });
  page = await context.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the dashboard in a browser', () => {
  it('signs in with the service key, and the key stays out of the page, storage and URL', async () => {
    await page.goto('/dashboard/');
    await expect.poll(() => page.getByLabel('Service key').isVisible()).toBe(true);
    await screenshot(page, 'sign-in');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Service key').fill(TEST_SERVICE_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'scheduler_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const storage = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(storage).not.toContain(TEST_SERVICE_KEY);
    expect(page.url()).not.toContain(TEST_SERVICE_KEY);
    await screenshot(page, 'overview');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('triggers a job from its form and shows it reach completed without a reload', async () => {
    await page.goto('/dashboard/trigger');
    await screenshot(page, 'trigger-types');
    await page.getByRole('link', { name: 'test_script' }).click();
    await page.getByLabel('sleep ms').fill('1500');
    await screenshot(page, 'trigger-form');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Trigger' }).dblclick();
    await page.waitForURL(/\/dashboard\/jobs\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() as string;
    await expect.poll(() => statusOf(page).textContent(), { timeout: 15_000 }).toContain('running');
    await expect.poll(() => statusOf(page).textContent(), { timeout: 15_000 }).toContain('completed');
    await expect.poll(() => page.locator('.log-line').count()).toBeGreaterThan(0);
    await screenshot(page, 'job-detail');
    expect(await seriousViolations(page)).toEqual([]);
    // The double click triggered one job (one Idempotency-Key per form state).
    const jobs =
      await h.sql`SELECT id FROM scheduled_jobs WHERE job_type = 'test_script' AND payload->>'sleepMs' = '1500'`;
    expect(jobs.map((j) => j.id)).toEqual([id]);
  });

  it('shows field messages from the API beside the field', async () => {
    await page.goto('/dashboard/trigger/test_script');
    await page.getByLabel('fail times').fill('1000');
    await page.getByRole('button', { name: 'Trigger' }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toMatch(/100/);
  });

  it('cancels a running job and shows the request, the worker stopping it and the stop with its partial result', async () => {
    const started = await api('POST', '/api/jobs/trigger', { jobType: 'test_script', payload: { sleepMs: 20_000 } });
    await h.waitForStatus(started.body.id, 'running');
    await page.goto(`/dashboard/jobs/${started.body.id}`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    const steps = page.getByRole('list', { name: 'Cancellation' });
    await steps.waitFor();
    await expect.poll(() => steps.textContent(), { timeout: 10_000 }).toContain('Acknowledged by its worker');
    await expect.poll(() => statusOf(page).textContent(), { timeout: 15_000 }).toContain('cancelled');
    await expect
      .poll(() => page.getByRole('list', { name: 'Cancellation' }).textContent())
      .toContain('Stopped: cancelled on request');
    // The partial result comes with the read that follows the stop's event.
    await expect.poll(() => page.locator('pre').nth(1).textContent(), { timeout: 5000 }).toContain('stoppedAfterStep');
    await screenshot(page, 'job-cancelled');
  });

  it('retries a failed job, and retries it again with an edited payload', async () => {
    const failing = await api('POST', '/api/jobs/trigger', { jobType: 'test_script', payload: { failTimes: 5 } });
    await h.waitForStatus(failing.body.id, 'failed', 15_000);
    await page.goto(`/dashboard/jobs/${failing.body.id}`);
    const retries = sentCommands(page, `/api/jobs/${failing.body.id}/retry`);
    // A double click is one intent: one retry, whatever reaches the API.
    await page.getByRole('button', { name: 'Retry', exact: true }).dblclick();
    await page.waitForURL((url) => !url.pathname.endsWith(failing.body.id));
    await expect
      .poll(() => page.locator('p.muted').first().textContent())
      .toContain(`retry of ${failing.body.id.slice(0, 8)}`);
    await retries.settled();
    expect(await retriesOf(failing.body.id)).toBe(1);

    await page.goto(`/dashboard/jobs/${failing.body.id}`);
    await page.getByRole('button', { name: 'Edit payload and retry' }).click();
    await page.getByLabel('payload (JSON)').fill('{ "failTimes": 0, "sleepMs": 10 }');
    await screenshot(page, 'job-edit-retry');
    await page.getByRole('button', { name: 'Retry with this payload' }).dblclick();
    await page.waitForURL((url) => !url.pathname.endsWith(failing.body.id));
    await expect.poll(() => statusOf(page).textContent(), { timeout: 15_000 }).toContain('completed');
    await retries.settled();
    expect(await retriesOf(failing.body.id)).toBe(2);
    expect(await page.locator('pre').first().textContent()).toContain('"sleepMs": 10');
    const original = await api('GET', `/api/jobs/${failing.body.id}`);
    expect(original.body.payload).toMatchObject({ failTimes: 5 });
  });

  it('lists jobs and updates a row live when its job ends', async () => {
    const slow = await api('POST', '/api/jobs/trigger', { jobType: 'test_script', payload: { sleepMs: 2500 } });
    await page.goto('/dashboard/jobs');
    const row = page.locator(`tr[data-job-id="${slow.body.id}"]`);
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('completed');
    await screenshot(page, 'jobs');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('edits a schedule with the timing checked and previewed as it is typed', async () => {
    await api('PUT', '/api/schedules/nightly-script', { jobType: 'test_script', cron: '0 3 * * *', enabled: false });
    await page.goto('/dashboard/schedules');
    const row = page.locator('tr[data-schedule="nightly-script"]');
    await row.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByLabel(/^cron/).fill('every monday');
    await expect.poll(() => page.locator('.timing-check').textContent()).toContain('not a cron expression');
    await page.getByLabel(/^cron/).fill('30 9 * * 1-5');
    await page.getByLabel('time zone').fill('Europe/Berlin');
    await expect
      .poll(() => page.locator('.when').textContent())
      .toBe('At 09:30, Monday through Friday (Europe/Berlin)');
    expect(await page.locator('ol.preview li').count()).toBe(5);
    await screenshot(page, 'schedules-edit');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => row.locator('td').nth(1).textContent())
      .toBe('At 09:30, Monday through Friday (Europe/Berlin)');
    const stored = await api('GET', '/api/schedules/nightly-script');
    expect(stored.body).toMatchObject({ cron: '30 9 * * 1-5', timezone: 'Europe/Berlin' });

    // Run now, double-clicked: one run.
    const runs = sentCommands(page, '/api/schedules/nightly-script/run');
    await row.getByRole('button', { name: 'Run now' }).dblclick();
    await expect.poll(() => row.locator('td').nth(3).textContent()).not.toBe('–');
    await runs.settled();
    const started = await h.sql`SELECT id FROM scheduled_jobs WHERE schedule_name = 'nightly-script'`;
    expect(started).toHaveLength(1);
  });

  it('shows the audit trail', async () => {
    await page.goto('/dashboard/audit');
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'audit');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens the API docs and Bull Board with the same session', async () => {
    await page.goto('/docs');
    await page.locator('.swagger-ui').first().waitFor();
    await screenshot(page, 'docs');
    await page.goto('/admin/queues');
    await expect.poll(() => page.title()).toContain('Stumbleable scheduler');
    await screenshot(page, 'bull-board');
  });

  it('refuses a forged request from another site, and it changes nothing', async () => {
    // A page on another origin of the same site (another port: SameSite does not tell them
    // apart, so the browser attaches even a Strict cookie) that posts to the API.
    const evil: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<form id="f" method="POST" action="${base}/api/schedules/nightly-script/run"></form>
        <script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    try {
      const before = (await api('GET', '/api/jobs?type=test_script')).body.total;
      const forged = page.waitForResponse((res) => res.url().endsWith('/api/schedules/nightly-script/run'));
      await page.goto(evilUrl);
      const answer = await forged;
      expect(answer.status()).toBe(403);
      expect(await answer.json()).toMatchObject({ error: 'cross_site_request' });
      expect((await api('GET', '/api/jobs?type=test_script')).body.total).toBe(before);
    } finally {
      evil.close();
    }
  });

  it('follows the system theme: dark pages pass the same checks', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      for (const [name, url] of [
        ['overview-dark', '/dashboard/'],
        ['jobs-dark', '/dashboard/jobs'],
      ]) {
        await page.goto(url as string);
        await page.locator('main h1').waitFor();
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background).toBe('rgb(13, 17, 23)');
        await screenshot(page, name as string);
        expect(await seriousViolations(page)).toEqual([]);
      }
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('signs out', async () => {
    await page.goto('/dashboard/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Service key').waitFor();
    expect((await context.cookies()).find((c) => c.name === 'scheduler_session')).toBeUndefined();
  });

  it('works with the keyboard alone', async () => {
    await page.goto('/dashboard/');
    await page.getByLabel('Service key').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('service-key');
    await page.keyboard.type(TEST_SERVICE_KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    // The first stop skips to the content; then come the brand (home) and the main navigation.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    for (const _ of ['brand', 'Overview', 'Jobs']) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Jobs');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
  });
});

describe('a moderator', () => {
  it('sees everything and no control that changes anything', async () => {
    const moderator = await browser.newContext({ baseURL: base });
    const url = new URL(base);
    await moderator.addCookies([
      {
        name: '__session',
        value: await clerk.token({ sub: 'user_moderator', azp: 'http://127.0.0.1' }),
        domain: url.hostname,
        path: '/',
      },
    ]);
    const view = await moderator.newPage();
    try {
      await view.goto('/dashboard/');
      await view.getByRole('heading', { name: 'Overview' }).waitFor();
      expect(await view.locator('.who').textContent()).toContain('read only');
      expect(await view.getByRole('link', { name: 'Trigger' }).count()).toBe(0);
      // The audit trail is for admins (the API says so too).
      expect(await view.getByRole('link', { name: 'Audit' }).count()).toBe(0);
      const running = await api('POST', '/api/jobs/trigger', { jobType: 'test_script', payload: { sleepMs: 5000 } });
      await view.goto(`/dashboard/jobs/${running.body.id}`);
      await view.getByRole('heading', { name: /test_script/ }).waitFor();
      expect(
        await view
          .getByRole('button')
          .filter({ hasText: /Cancel|Retry/ })
          .count(),
      ).toBe(0);
      await view.goto('/dashboard/schedules');
      await view.locator('tr[data-schedule="nightly-script"]').waitFor();
      expect(
        await view
          .getByRole('button', { name: /Disable|Enable|Run now|Delete|Edit|New schedule|Pause|Resume/ })
          .count(),
      ).toBe(0);
      await screenshot(view, 'schedules-moderator');
      // The API refuses anyway.
      const refused = await view.evaluate(async () => {
        const res = await fetch('/api/schedules/nightly-script/run', { method: 'POST' });
        return res.status;
      });
      expect(refused).toBe(403);
      await waitFor('the running job to end', async () => (await h.job(running.body.id)).status === 'completed', {
        timeoutMs: 15_000,
      });
    } finally {
      await moderator.close();
    }
  });
});
