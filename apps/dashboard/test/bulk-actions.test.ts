import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotForDocs, seriousViolationsInBothSchemes } from './browser.ts';

/**
 * Bulk cancel from the Jobs page in Chromium, with jobs flowing: select the page, then all the
 * filter matches, confirm with the count the API matched, and watch the operation to its end.
 * Screenshots under docs/screenshots/<LOOK_SCREENSHOTS>/ (issue-25 for the docs).
 */
let d: Dashboard;
let page: Page;
const MATCHING = 120;

beforeAll(async () => {
  // 20 jobs a second: the operation runs for about 6 s, long enough to watch it move.
  d = await openDashboard({ width: 1440, height: 900 }, { env: { BULK_ACTION_JOBS_PER_SECOND: '20' } });
  page = d.page;
  for (let i = 0; i < MATCHING; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        d.api('POST', '/api/jobs/trigger', { jobType: 'test_script', payload: { sleepMs: 60_000 } }),
      ),
    );
  }
}, 120_000);
afterAll(async () => {
  await d?.close();
});

describe('bulk actions', () => {
  it('select all matching, bulk cancel asked with its count, and the operation watched to done while jobs flow', async () => {
    // Jobs of another type flow the whole time: the filter's count and the operation leave them alone.
    let flowing = true;
    const flow = (async () => {
      while (flowing) {
        await d.api('POST', '/api/jobs/trigger', { jobType: 'test_noop' });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      await page.goto('/dashboard/jobs?q=type%3Atest_script');
      await expect.poll(() => page.locator('tbody tr').count()).toBe(25);
      await page.getByLabel('Select every job of this page').check();
      const bar = page.getByRole('region', { name: 'Bulk actions' });
      await expect.poll(() => bar.locator('.bulk-bar-summary strong').textContent()).toBe('25 jobs selected');
      await bar.getByRole('button', { name: `Select all ${MATCHING} jobs matching the filter` }).click();
      await expect
        .poll(() => bar.locator('.bulk-bar-summary strong').textContent())
        .toBe(`All ${MATCHING} jobs matching the filter`);
      await screenshotForDocs(page, 'bulk-select-all-matching');

      await bar.getByRole('button', { name: `Cancel all ${MATCHING} jobs matching the filter` }).click();
      const dialog = page.getByRole('alertdialog');
      await expect.poll(() => dialog.getByRole('heading').textContent()).toBe(`Cancel ${MATCHING} jobs?`);
      expect(await dialog.textContent()).toContain(`The filter matches ${MATCHING} jobs now`);
      expect(await dialog.textContent()).toContain(`${MATCHING} will be cancelled`);
      await screenshotForDocs(page, 'bulk-confirm-cancel');
      expect(await seriousViolationsInBothSchemes(page)).toEqual({});

      // From here on, count what the operation's page reads.
      const reads: number[] = [];
      page.on('request', (request) => {
        if (/\/api\/bulk-operations\/[0-9a-f-]{36}$/.test(new URL(request.url()).pathname)) reads.push(Date.now());
      });
      await dialog.getByRole('button', { name: `Cancel ${MATCHING} jobs` }).click();
      await page.waitForURL(/\/dashboard\/bulk\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').at(-1) as string;
      await expect.poll(() => page.locator('[data-bulk-state]').textContent()).toBe('running');
      await expect
        .poll(async () => Number(await page.locator('[data-count="done"]').textContent()), {
          timeout: 10_000,
        })
        .toBeGreaterThan(0);
      await screenshotForDocs(page, 'bulk-operation-running');
      expect(await page.getByRole('button', { name: 'Abort' }).isVisible()).toBe(true);

      await expect.poll(() => page.locator('[data-bulk-state]').textContent(), { timeout: 30_000 }).toBe('done');
      expect(await page.locator('[data-count="done"]').textContent()).toBe(String(MATCHING));
      expect(await page.locator('[data-count="untouched"]').textContent()).toBe('0');
      expect(await page.getByRole('button', { name: 'Abort' }).count()).toBe(0);
      await screenshotForDocs(page, 'bulk-operation-done');
      expect(await seriousViolationsInBothSchemes(page)).toEqual({});

      // Progress was read about once a second, and not after it ended.
      const span = (reads.at(-1) as number) - (reads[0] as number);
      expect(reads.length).toBeLessThanOrEqual(Math.ceil(span / 1000) + 2);
      const settled = reads.length;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(reads.length).toBe(settled);

      // The API agrees: every matching job cancelled or asked to stop, the flowing ones untouched.
      const op = await d.api('GET', `/api/bulk-operations/${id}`);
      expect(op.body).toMatchObject({ state: 'done', matched: MATCHING, done: MATCHING, refused: 0, failed: 0 });
      const left = await d.h.sql`
        SELECT count(*)::int AS n FROM scheduled_jobs
        WHERE job_type = 'test_script' AND status NOT IN ('cancelled', 'running')`;
      expect(left[0]?.n).toBe(0);

      await page.getByRole('link', { name: 'Bulk', exact: true }).click();
      await expect
        .poll(() => page.locator(`tr[data-operation-id="${id}"] [data-bulk-state]`).textContent())
        .toBe('done');
      await screenshotForDocs(page, 'bulk-operations-list');
      expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    } finally {
      flowing = false;
      await flow;
    }
  }, 120_000);
});
