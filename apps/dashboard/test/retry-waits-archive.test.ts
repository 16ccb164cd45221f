import { waitFor } from '@scheduler/testing';
import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotForDocs, seriousViolationsInBothSchemes } from './browser.ts';

/**
 * Issue 25's retry waits and retention in Chromium against the real API and a worker: jobs
 * waiting to retry with their next try and error, run now one and all matching (asked with the
 * count); a type's retention changed by an admin (a refusal at its field), and the archive with
 * its counts per type and the job list's filters.
 */
let d: Dashboard;
let page: Page;
const BACKOFF_MS = 120_000;
/** Reads of the retry waits list the page made: the event stream asks for them, nothing polls. */
let retryWaitReads = 0;

beforeAll(async () => {
  d = await openDashboard(undefined, {
    env: { JOB_OVERRIDES: JSON.stringify({ test_script: { backoffMs: BACKOFF_MS } }) },
  });
  page = d.page;
  page.setDefaultTimeout(20_000);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/retry-waits') retryWaitReads++;
  });
}, 60_000);
afterAll(async () => {
  await d?.close();
});

const SOON = { timeout: 8000 };

async function failingOnce(errorMessage: string): Promise<string> {
  const res = await d.api('POST', '/api/jobs/trigger', {
    jobType: 'test_script',
    payload: { failTimes: 1, errorMessage },
  });
  expect(res.status).toBe(202);
  return res.body.id as string;
}

describe('retry waits', () => {
  it('lists jobs waiting to retry with their next try and error; run now, and run all matching after a confirmation with the count', async () => {
    const resets = [
      await failingOnce('ECONNRESET from crawler-service'),
      await failingOnce('read ECONNRESET'),
      await failingOnce('socket ECONNRESET'),
    ];
    const timeout = await failingOnce('timed out after 30 s');
    await waitFor('four jobs waiting to retry', async () => (await d.api('GET', '/api/retry-waits')).body.total === 4, {
      timeoutMs: 15_000,
    });

    // The Overview's waiting jobs lead to them all.
    await page.getByRole('link', { name: /Every job waiting to retry/ }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    expect(
      await page
        .getByRole('navigation', { name: 'Job views' })
        .getByRole('link', { name: 'Retry waits' })
        .getAttribute('aria-current'),
    ).toBe('page');
    const rows = page.locator('table.retry-waits tbody tr');
    await expect.poll(() => rows.count(), SOON).toBe(4);
    const timeoutRow = page.locator(`tr[data-job-id="${timeout}"]`);
    expect(await timeoutRow.textContent()).toContain('timed out after 30 s (attempt 1)');
    expect(await timeoutRow.textContent()).toContain('attempt 1 of 3');
    expect(await timeoutRow.locator('time').textContent()).toMatch(/in (2 minutes|1\d\d seconds|119 seconds)/);
    await screenshotForDocs(page, 'retry-waits');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});

    // One job now: it runs at once and leaves the list (the event stream says so).
    await timeoutRow.getByRole('button', { name: 'Run now' }).click();
    await d.h.waitForStatus(timeout, 'completed', 10_000);
    await timeoutRow.waitFor({ state: 'detached', timeout: 8000 });
    await expect.poll(() => page.getByRole('status').textContent(), SOON).toContain('runs now');

    // All matching: the filter's count is asked about first.
    await page.getByLabel('error contains').fill('econnreset');
    await page.getByLabel('error contains').press('Enter');
    await expect
      .poll(() => page.locator('[data-retry-wait-total]').textContent(), SOON)
      .toBe('3 jobs waiting to retry');
    expect(page.url()).toContain('error=econnreset');
    await page.getByRole('button', { name: 'Run all matching now' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Run 3 jobs now?' });
    await dialog.waitFor();
    await screenshotForDocs(page, 'retry-waits-run-all-confirm');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    const asked = Date.now();
    await dialog.getByRole('button', { name: 'Run 3 jobs now' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), SOON).toBe('3 jobs run now.');
    await Promise.all(resets.map((id) => d.h.waitForStatus(id, 'completed', 10_000)));
    expect(Date.now() - asked).toBeLessThan(BACKOFF_MS / 4);
    await page.getByText('No job is waiting to retry.').waitFor({ timeout: 8000 });
    // A handful of reads in all, each for a reason (a filter, an action, a batch of events).
    expect(retryWaitReads).toBeLessThan(20);
  });
});

describe('retention and the archive', () => {
  it("shows each type's retention and archive count; an admin changes one (a refusal at its field); the archive is filtered", async () => {
    for (const [type, status, daysAgo] of [
      ['crawl_pending', 'completed', 200],
      ['crawl_pending', 'completed', 201],
      ['crawl_pending', 'failed', 250],
      ['update_metrics', 'completed', 120],
      ['retired_type', 'completed', 400],
    ] as const) {
      await d.h.sql`
        INSERT INTO scheduled_jobs_archive (job_type, status, created_at, completed_at, error, started_by)
        VALUES (${type}, ${status}, now() - ${daysAgo} * interval '1 day', now() - ${daysAgo} * interval '1 day',
                ${status === 'failed' ? 'crawler-service answered 503' : null}, 'scheduler')`;
    }
    await page.getByRole('navigation', { name: 'Job views' }).getByRole('link', { name: 'Archive' }).click();
    const typeRow = (name: string) => page.locator(`table.retention-table tr[data-type="${name}"]`);
    // The count cell has data-archived once the archive is read (the types may come first).
    await typeRow('crawl_pending').locator('[data-archived]').waitFor();
    expect(await typeRow('crawl_pending').locator('[data-retention]').textContent()).toBe('90 days, failures 180 days');
    expect(await typeRow('crawl_pending').textContent()).toContain("the type's code");
    expect(await typeRow('crawl_pending').locator('[data-archived]').textContent()).toBe('3');
    expect(await typeRow('retired_type').textContent()).toContain('no longer in the code');
    expect(await page.locator('[data-archive-total]').textContent()).toBe('5 jobs archived');

    await typeRow('update_metrics').getByRole('button', { name: 'Change…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Keep update_metrics jobs' });
    await dialog.waitFor();
    await dialog.getByLabel('Completed and cancelled jobs, days').fill('0');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const error = dialog.locator('.field-error', { hasText: 'must be at least 1 day' });
    await error.waitFor();
    expect(await dialog.getByLabel('Completed and cancelled jobs, days').getAttribute('aria-describedby')).toBe(
      await error.getAttribute('id'),
    );
    expect((await d.api('GET', '/api/job-types/update_metrics/retention')).body.source).toBe('default');
    await screenshotForDocs(page, 'retention-refused-at-field');

    await dialog.getByLabel('Completed and cancelled jobs, days').fill('30');
    await dialog.getByLabel('Failed jobs, days').fill('120');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => typeRow('update_metrics').locator('[data-retention]').textContent(), SOON)
      .toBe('30 days, failures 120 days');
    expect(await typeRow('update_metrics').textContent()).toContain('set by an admin');
    expect((await d.api('GET', '/api/job-types/update_metrics/retention')).body).toMatchObject({
      days: 30,
      failedDays: 120,
      source: 'admin',
    });
    await screenshotForDocs(page, 'retention-and-archive');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});

    // The archive's search is the job list's, in the URL.
    const bar = page.getByRole('searchbox');
    await bar.fill('type:crawl_pending');
    await bar.press('Enter');
    await expect.poll(() => page.locator('[data-archive-total]').textContent(), SOON).toBe('3 jobs archived');
    await bar.fill('type:crawl_pending status:failed');
    await bar.press('Enter');
    await expect.poll(() => page.locator('[data-archive-total]').textContent(), SOON).toBe('1 job archived');
    expect(await page.locator('table.archived tbody tr').textContent()).toContain('crawler-service answered 503');
    expect(new URL(page.url()).searchParams.get('q')).toBe('type:crawl_pending status:failed');
    // Counts follow the filter but its type: failures of every type.
    expect(await typeRow('crawl_pending').locator('[data-archived]').textContent()).toBe('1');
    expect(await typeRow('update_metrics').locator('[data-archived]').textContent()).toBe('0');
    await screenshotForDocs(page, 'archive-filtered');

    // The type shows its retention where it is triggered too.
    await page.getByRole('link', { name: 'Trigger' }).click();
    const card = page.locator('.card', { hasText: 'update_metrics' });
    await expect.poll(() => card.textContent(), SOON).toContain('kept 30 days, failures 120 days');
  });
});
