import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness, launchBrowser } from '@scheduler/testing/harness';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolationsInBothSchemes } from './browser.ts';

/**
 * How the dashboard looks, in a real browser against the real API (serving the built dashboard)
 * and a worker: every page fits the window, passes axe in light and dark, is reachable by
 * keyboard (skip link, focus on the new page's heading), and its tables' rows line up.
 *
 * With LOOK_SCREENSHOTS=<folder under docs/screenshots> it also saves each page at 1440×900.
 */
let h: Harness;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
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
const trigger = async (payload: Record<string, unknown>) =>
  (await api('POST', '/api/jobs/trigger', { jobType: 'test_script', payload })).body.id as string;
const statusOf = async (id: string) => (await api('GET', `/api/jobs/${id}`)).body.status as string;

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
];

interface PageCase {
  name: string;
  path: () => string;
  heading: string | RegExp;
  /** Shows once the page has its data. */
  ready?: string;
}
let jobId = '';
/** Shown in the screenshots only: a failed job and one still running. */
const extraJobs: Record<string, string> = {};
const PAGES: PageCase[] = [
  { name: 'overview', path: () => '/dashboard/', heading: 'Overview', ready: 'tbody tr' },
  { name: 'jobs', path: () => '/dashboard/jobs', heading: 'Jobs', ready: 'tr[data-job-id]' },
  { name: 'job', path: () => `/dashboard/jobs/${jobId}`, heading: /test_script/, ready: '.timeline li' },
  { name: 'trigger', path: () => '/dashboard/trigger', heading: /Trigger/, ready: '.card' },
  { name: 'trigger-form', path: () => '/dashboard/trigger/test_script', heading: /test_script|Trigger/ },
  { name: 'schedules', path: () => '/dashboard/schedules', heading: 'Schedules', ready: 'tbody tr' },
  { name: 'audit', path: () => '/dashboard/audit', heading: /Audit/, ready: 'tbody tr' },
  { name: 'workers', path: () => '/dashboard/workers', heading: 'Workers', ready: 'tr[data-worker-id]' },
  { name: 'alerts', path: () => '/dashboard/alerts', heading: 'Alerts', ready: '#alert-history' },
  {
    name: 'alert-settings',
    path: () => '/dashboard/alerts/settings',
    heading: 'Alert settings',
    ready: 'tr[data-rule-id]',
  },
  {
    name: 'schedule',
    path: () => '/dashboard/schedules/nightly-script',
    heading: /nightly-script/,
    ready: '.settings',
  },
];

async function open(p: Page, pageCase: PageCase) {
  await p.goto(pageCase.path());
  await p.getByRole('heading', { level: 1, name: pageCase.heading }).waitFor();
  // Lists fill after the heading shows: wait for the loading notes to go.
  await waitFor(`${pageCase.name} to finish loading`, async () => (await p.locator('.loading').count()) === 0);
  if (pageCase.ready) await p.locator(pageCase.ready).first().waitFor();
}

/** How far the page is wider than its window, in CSS pixels (0 when it fits). */
const overflow = (p: Page) =>
  p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  h = await createHarness();
  base = (await h.spawnApi({ ALLOWED_ORIGINS: 'http://127.0.0.1' })).url;
  await h.startWorker();
  // Jobs of each outcome, so the pages show what they look like with something in them.
  const done = await Promise.all([trigger({ sleepMs: 300 }), trigger({ sleepMs: 1200 }), trigger({})]);
  const failed = await trigger({ failTimes: 5, errorMessage: 'the upstream answered 503' });
  const reported = await trigger({ reportFailure: true, errorMessage: 'two rows were rejected' });
  const cancelled = await trigger({ sleepMs: 20_000 });
  await waitFor('the long job to start', async () => (await statusOf(cancelled)) === 'running');
  await api('POST', `/api/jobs/${cancelled}/cancel`);
  extraJobs.running = await trigger({ sleepMs: 28_000 });
  await api('PUT', '/api/schedules/nightly-script', {
    jobType: 'test_script',
    cron: '0 3 * * *',
    description: 'The nightly script run',
  });
  await api('PUT', '/api/schedules/every-few-minutes', { jobType: 'test_script', everyMs: 300_000, enabled: false });
  await api('POST', '/api/schedules/nightly-script/run');
  for (const id of [...done, failed, reported, cancelled]) {
    await waitFor(`job ${id} to end`, async () => ['completed', 'failed', 'cancelled'].includes(await statusOf(id)));
  }
  jobId = done[1] as string;
  extraJobs.failed = failed;

  browser = await launchBrowser();
  // bypassCSP only lets the test inject axe-core; the pages run under the API's CSP otherwise.
  context = await browser.newContext({ baseURL: base, viewport: VIEWPORTS[0], bypassCSP: true });
  page = await context.newPage();
  await page.goto('/dashboard/');
  await page.getByLabel('Service key').fill(TEST_SERVICE_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe.runIf(process.env.LOOK_SCREENSHOTS)('screenshots for the record', () => {
  it('saves every page at 1440×900', async () => {
    const folder = fileURLToPath(
      new URL(`../../../docs/screenshots/${process.env.LOOK_SCREENSHOTS}/`, import.meta.url),
    );
    mkdirSync(folder, { recursive: true });
    await page.setViewportSize(VIEWPORTS[0] as { width: number; height: number });
    for (const pageCase of PAGES) {
      await open(page, pageCase);
      await page.screenshot({ path: `${folder}${pageCase.name}.png` });
    }
    for (const [name, id] of Object.entries(extraJobs)) {
      await open(page, { name, path: () => `/dashboard/jobs/${id}`, heading: /test_script/, ready: '.timeline li' });
      await page.screenshot({ path: `${folder}job-${name}.png` });
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const pageCase of [PAGES[0], PAGES[5]] as PageCase[]) {
      await open(page, pageCase);
      await page.screenshot({ path: `${folder}${pageCase.name}-dark.png` });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    const signedOut = await browser.newPage({ baseURL: base, viewport: VIEWPORTS[0] });
    await signedOut.goto('/dashboard/');
    await signedOut.getByLabel('Service key').waitFor();
    await signedOut.screenshot({ path: `${folder}sign-in.png` });
    await signedOut.close();
  }, 120_000);
});

describe.each(VIEWPORTS)('the dashboard at $width×$height', (viewport) => {
  beforeAll(async () => {
    await page.setViewportSize(viewport);
  });

  it.each(PAGES)('$name fits the window and passes axe in light and dark', async (pageCase) => {
    await open(page, pageCase);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // The header is one row: its links side by side, nothing spilling out of its height.
    const header = await page.locator('header.top').evaluate((top) => ({
      spills: top.scrollHeight > top.clientHeight,
      linkTops: new Set(
        [...top.querySelectorAll('a, button')].map((a) =>
          Math.round(a.getBoundingClientRect().top + a.getBoundingClientRect().height / 2),
        ),
      ).size,
    }));
    expect(header).toEqual({ spills: false, linkTops: 1 });
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
  });

  it('sign-in fits the window and passes axe in light and dark', async () => {
    const signedOut = await browser.newPage({ baseURL: base, viewport, bypassCSP: true });
    await signedOut.goto('/dashboard/');
    await signedOut.getByLabel('Service key').waitFor();
    expect(await overflow(signedOut)).toBeLessThanOrEqual(0);
    expect(await seriousViolationsInBothSchemes(signedOut)).toEqual({});
    await signedOut.close();
  });

  it.each(PAGES)('$name: the skip link is the first tab stop and focuses the content', async (pageCase) => {
    await open(page, pageCase);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent);
    expect(first).toBe('Skip to content');
    // Visible once focused, so a sighted keyboard user sees where Enter goes.
    const box = await page.locator('.skip-link').boundingBox();
    expect(box && box.y >= 0 && box.height > 0).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
  });

  it('moving with the navigation puts the focus on the new page’s heading', async () => {
    await open(page, PAGES[0] as PageCase);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [link, heading] of [
      ['Jobs', 'Jobs'],
      ['Schedules', 'Schedules'],
      ['Workers', 'Workers'],
      ['Audit', /Audit/],
      ['Alerts', 'Alerts'],
      ['Trigger', /Trigger/],
      ['Overview', 'Overview'],
    ] as const) {
      await nav.getByRole('link', { name: link, exact: true }).click();
      const h1 = page.getByRole('heading', { level: 1, name: heading });
      await h1.waitFor();
      await expect.poll(() => h1.evaluate((node) => node === document.activeElement)).toBe(true);
      expect(await nav.getByRole('link', { name: link, exact: true }).getAttribute('aria-current')).toBe('page');
    }
  });

  it('the Overview charts show every label and value whole, inside the chart', async () => {
    await open(page, PAGES[0] as PageCase);
    const cut = await page.locator('figure.chart').evaluateAll((charts) =>
      charts.flatMap((chart) => {
        const box = chart.getBoundingClientRect();
        return [...chart.querySelectorAll('*')]
          .filter((node) => node.children.length === 0 && node.textContent?.trim())
          .filter((node) => {
            const r = node.getBoundingClientRect();
            // Outside the chart's box, or cut short by an ellipsis.
            return r.left < box.left || r.right > box.right || node.scrollWidth > node.clientWidth + 1;
          })
          .map((node) => node.textContent);
      }),
    );
    expect(cut).toEqual([]);
  });

  it('a dialog, as Radix renders one, sits centred over a dimmed page, its buttons legible in light and dark', async () => {
    await open(page, PAGES[5] as PageCase);
    // Radix's portal: a div at the end of body holding the overlay, then the content with its role.
    await page.evaluate(() => {
      const portal = document.createElement('div');
      portal.innerHTML = `<div data-state="open" data-testid="overlay"></div>
        <div role="alertdialog" data-state="open" aria-labelledby="t" aria-describedby="d" tabindex="-1">
          <h2 id="t">Delete the schedule nightly-script?</h2>
          <p id="d" class="muted">Its past runs stay.</p>
          <div class="actions"><button type="button">Keep it</button><button type="button" class="danger">Delete</button>
          <button type="button" class="primary">Primary</button><button type="button" class="link">Link</button></div>
        </div>`;
      document.body.append(portal);
    });
    // It fades in: measure where it comes to rest.
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    const geometry = await page.evaluate(() => {
      const dialog = document.querySelector('[role="alertdialog"]') as HTMLElement;
      const box = dialog.getBoundingClientRect();
      const hit = (x: number, y: number) => document.elementFromPoint(x, y);
      return {
        centredX: Math.abs(box.left + box.width / 2 - window.innerWidth / 2) <= 1,
        centredY: Math.abs(box.top + box.height / 2 - window.innerHeight / 2) <= 1,
        // The header is under the overlay, the dialog above it.
        headerCovered: hit(window.innerWidth - 5, 5)?.getAttribute('data-testid') === 'overlay',
        dialogOnTop: dialog.contains(hit(box.left + box.width / 2, box.top + 10)),
      };
    });
    expect(geometry).toEqual({ centredX: true, centredY: true, headerCovered: true, dialogOnTop: true });
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    await page.evaluate(() => document.querySelector('[data-testid="overlay"]')?.parentElement?.remove());
  });

  it('every row of the schedules table has cells of one height, its buttons on one line', async () => {
    await open(page, PAGES[5] as PageCase);
    const rows = await page.locator('table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => td.getBoundingClientRect());
        const buttons = [...tr.querySelectorAll('button')].map((b) => b.getBoundingClientRect());
        return {
          row: tr.getBoundingClientRect().height,
          cellHeights: cells.map((c) => Math.round(c.height)),
          cellTops: cells.map((c) => Math.round(c.top)),
          buttonTops: buttons.map((b) => Math.round(b.top)),
          buttonHeights: buttons.map((b) => Math.round(b.height)),
        };
      }),
    );
    expect(rows.length).toBe(2);
    for (const row of rows) {
      expect(new Set(row.cellHeights).size).toBe(1);
      expect(new Set(row.cellTops).size).toBe(1);
      expect(row.buttonTops.length).toBeGreaterThan(0);
      // One line: every button starts at the same height and none is taller than the others.
      expect(new Set(row.buttonTops).size).toBe(1);
      expect(new Set(row.buttonHeights).size).toBe(1);
    }
  });
});
