import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';

/** The audit page in Chromium against the real API. */
let d: Dashboard;
let page: Page;

beforeAll(async () => {
  d = await openDashboard(undefined, { worker: false });
  page = d.page;
}, 60_000);
afterAll(async () => {
  await d?.close();
});

const shownIds = () => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-audit-id')));

describe('the audit page', () => {
  it('pages by cursor, and links the jobs and schedules entries are about', async () => {
    await d.api('PUT', '/api/schedules/audited', { jobType: 'test_noop', cron: '0 3 * * *', enabled: false });
    const jobs: string[] = [];
    for (let i = 0; i < 55; i++)
      jobs.push((await d.api('POST', '/api/jobs/trigger', { jobType: 'test_noop' })).body.id);

    await page.goto('/dashboard/audit');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(50);
    const first = await shownIds();
    const newest = page.locator('tbody tr').first();
    expect(await newest.getByRole('link').getAttribute('href')).toBe(`/dashboard/jobs/${jobs.at(-1)}`);
    await screenshot(page, 'audit');
    // A service is named once, not by its name and then its role.
    expect((await newest.locator('td').nth(1).textContent())?.trim()).toBe('service');
    expect(await seriousViolations(page)).toEqual([]);

    // Entries written meanwhile do not shift the older page.
    await d.api('POST', '/api/jobs/trigger', { jobType: 'test_noop' });
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(async () => (await shownIds())[0]).not.toBe(first[0]);
    const second = await shownIds();
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    // 55 triggers and the schedule's PUT before them: the rest of the trail.
    expect(second.length).toBeGreaterThanOrEqual(6);
    const scheduleEntry = page.locator('tbody tr', { hasText: 'schedule.update' });
    expect(await scheduleEntry.first().getByRole('link').getAttribute('href')).toBe('/dashboard/schedules');
    expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);

    // The page is in the URL: a reload shows it again, and Newer then goes to the newest page.
    const olderUrl = new URL(page.url());
    expect(olderUrl.pathname).toBe('/dashboard/audit');
    expect(olderUrl.searchParams.get('after')).toBeTruthy();
    expect(await page.getByRole('button', { name: 'Newer' }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => shownIds()).toEqual(second);
    await page.getByRole('button', { name: 'Newest' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('after')).toBeNull();
    expect(await page.getByRole('button', { name: 'Newer' }).isDisabled()).toBe(true);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(50);
    const newestPage = await shownIds();
    // From the first page, the way back is known: one page newer, and it says Newer.
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(async () => (await shownIds()).some((id) => newestPage.includes(id))).toBe(false);
    await page.getByRole('button', { name: 'Newer' }).click();
    await expect.poll(() => shownIds()).toEqual(newestPage);

    // Filters are in the URL too, and a reload keeps them.
    await page.getByLabel('action').fill('schedule.update');
    await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe('schedule.update');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.reload();
    expect(await page.getByLabel('action').inputValue()).toBe('schedule.update');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
  });
});
