import { waitFor } from '@scheduler/testing';
import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotForDocs, seriousViolationsInBothSchemes } from './browser.ts';

// The Jobs page's search bar in Chromium against the real API and a worker, while jobs flow:
// a search typed in the bar and the same search opened from its URL show the same rows.
let d: Dashboard;
let page: Page;
/** Jobs that must match the search below, and jobs that each miss it by one term. */
const wanted: string[] = [];
const unwanted: string[] = [];
let flowing: ReturnType<typeof setInterval> | null = null;

const trigger = async (body: Record<string, unknown>) => {
  const res = await d.api('POST', '/api/jobs/trigger', body);
  if (res.status !== 202) throw new Error(`trigger answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
};
const failing = (errorMessage: string) => ({ failTimes: 3, errorMessage });

beforeAll(async () => {
  d = await openDashboard({ width: 1440, height: 900 });
  page = d.page;
  for (let i = 0; i < 3; i++) {
    wanted.push(
      await trigger({
        jobType: 'test_script',
        payload: failing('upstream ECONNRESET'),
        tags: ['backfill', `batch-${i}`],
      }),
    );
  }
  // Each misses by one term: its tag, its error, its type.
  unwanted.push(await trigger({ jobType: 'test_script', payload: failing('upstream ECONNRESET'), tags: ['other'] }));
  unwanted.push(await trigger({ jobType: 'test_script', payload: failing('timed out'), tags: ['backfill'] }));
  unwanted.push(await trigger({ jobType: 'test_noop', tags: ['backfill'] }));
  // Every id above has failed (3 attempts) or completed before the search is made.
  await waitFor(
    'the seeded jobs to end',
    async () => {
      const res = await d.api('GET', '/api/jobs?status=failed,completed&limit=100');
      const done = new Set(res.body.jobs.map((j: { id: string }) => j.id));
      return [...wanted, ...unwanted].every((id) => done.has(id));
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  // Jobs keep flowing while the pages are used: a few a second, none of them matching.
  flowing = setInterval(() => {
    void d.api('POST', '/api/jobs/trigger', { jobType: 'test_noop', tags: ['flow'] });
  }, 250);
}, 120_000);

afterAll(async () => {
  if (flowing) clearInterval(flowing);
  await d?.close();
});

const rowIds = () => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id')));
const QUERY = 'type:test_script status:failed tag:backfill "ECONNRESET"';

describe('the job search bar', () => {
  it('finds exactly the matching jobs while jobs flow, and a URL with q= shows the same rows', async () => {
    await page.goto('/dashboard/jobs');
    await page.locator('tbody tr').first().waitFor();
    const bar = page.getByRole('searchbox');
    await bar.fill(QUERY);
    await bar.press('Enter');
    // The bar writes the query in its canonical order, and the URL holds it.
    const canonical = 'type:test_script status:failed tag:backfill ECONNRESET';
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(canonical);
    await expect.poll(async () => (await rowIds()).sort()).toEqual([...wanted].sort());
    for (const id of wanted) {
      expect(await page.locator(`tr[data-job-id="${id}"] .badge.tag`).allTextContents()).toContain('backfill');
    }
    await screenshotForDocs(page, 'job-search');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});

    // The same URL in a new tab: the same rows, the same query in the bar.
    const shared = page.url();
    const other = await d.context.newPage();
    try {
      await other.goto(shared);
      await expect
        .poll(async () =>
          (
            await other.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id')))
          ).sort(),
        )
        .toEqual([...wanted].sort());
      expect(await other.getByRole('searchbox').inputValue()).toBe(canonical);
    } finally {
      await other.close();
    }

    // One more term narrows it: a tag only one of them carries (a tag is a link to its search).
    await page.locator(`tr[data-job-id="${wanted[1]}"] .badge.tag`, { hasText: 'batch-1' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('tag:batch-1');
    await expect.poll(rowIds).toEqual([wanted[1]]);
  });

  it('says at the bar what it cannot read, and what the API refuses, without searching', async () => {
    await page.goto('/dashboard/jobs');
    await page.locator('tbody tr').first().waitFor();
    const bar = page.getByRole('searchbox');
    const problem = page.locator('.search-problem');

    await bar.fill('statue:failed tag:backfill');
    await bar.press('Enter');
    await expect.poll(() => problem.textContent()).toMatch(/statue:failed: unknown key "statue"/);
    expect(await bar.getAttribute('aria-invalid')).toBe('true');
    // Nothing was applied: the URL has no query.
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
    await screenshotForDocs(page, 'job-search-problem');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});

    // The parser reads it; the API knows no such status and answers 400: said at the bar too.
    await bar.fill('status:exploded');
    await bar.press('Enter');
    await expect.poll(() => problem.textContent()).toMatch(/status: must be one or more of pending/);
    expect(await page.locator('tbody tr').count()).toBe(0);

    // A broken link says so as well, and asks the API nothing.
    await page.goto('/dashboard/jobs?q=%22unclosed');
    await expect.poll(() => problem.textContent()).toMatch(/quote is not closed/);
  });

  it('turns a link from before the bar (type=, status=) into its query', async () => {
    await page.goto('/dashboard/jobs?type=test_script&status=failed');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('type:test_script status:failed');
    expect(new URL(page.url()).searchParams.get('type')).toBeNull();
    await expect.poll(async () => (await rowIds()).length).toBe(5);
    expect(await page.getByRole('searchbox').inputValue()).toBe('type:test_script status:failed');
  });

  it('tags a job from the trigger form, shows them on its page, and finds it by them', async () => {
    await page.goto('/dashboard/trigger/test_noop');
    await page.getByLabel('tags').fill('from-form ops:search');
    await page.getByRole('button', { name: 'Trigger' }).click();
    await page.waitForURL(/\/dashboard\/jobs\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() as string;
    await expect
      .poll(() => page.locator('.job-facts .badge.tag').allTextContents())
      .toEqual(['from-form', 'ops:search']);
    await page.locator('.job-facts .badge.tag', { hasText: 'ops:search' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('tag:ops:search');
    await expect.poll(rowIds).toEqual([id]);

    // A tag the API refuses: said on the form, nothing started.
    await page.goto('/dashboard/trigger/test_noop');
    await page.getByLabel('tags').fill('Not-Lower');
    await page.getByRole('button', { name: 'Trigger' }).click();
    await expect.poll(() => page.locator('.problem').textContent()).toMatch(/tags/);
    expect(page.url()).toMatch(/\/trigger\/test_noop$/);
  });

  it('lists the keys in a help popover', async () => {
    await page.goto('/dashboard/jobs');
    await page.getByText('Keys', { exact: true }).click();
    const help = page.locator('.search-help-body');
    await help.waitFor();
    for (const key of ['type:', 'status:', 'tag:', 'schedule:', 'id:', 'payload.isoWeek:', 'payload:{']) {
      expect(await help.textContent()).toContain(key);
    }
    await screenshotForDocs(page, 'job-search-help');
  });
});
