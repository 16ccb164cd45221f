import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';

/** The schedules page in Chromium against the real API and a worker. */
let d: Dashboard;
let page: Page;

beforeAll(async () => {
  d = await openDashboard();
  page = d.page;
  // Both start disabled: nothing fires on its own during the test.
  await d.api('PUT', '/api/schedules/slow-script', {
    jobType: 'test_script',
    cron: '0 3 * * *',
    enabled: false,
    payload: { sleepMs: 2000 },
  });
  await d.api('PUT', '/api/schedules/digest-test', { jobType: 'weekly_digest', cron: '0 9 * * 1', enabled: false });
}, 60_000);
afterAll(async () => {
  await d?.close();
});

const row = (name: string) => page.locator(`tr[data-schedule="${name}"]`);
const stored = async (name: string) => (await d.api('GET', `/api/schedules/${name}`)).body;
const focusedIsInside = (selector: string) =>
  page.evaluate((s) => document.querySelector(s)?.contains(document.activeElement) ?? false, selector);

describe('the schedules page', () => {
  it('runs a schedule now, links the job it started, and the last run follows it to its end', async () => {
    await page.goto('/dashboard/schedules');
    await row('slow-script').getByRole('button', { name: 'Run now' }).click();
    const said = page.getByRole('status');
    await expect.poll(() => said.textContent()).toContain('slow-script started a run');
    const [run] = await d.h.sql`SELECT id FROM scheduled_jobs WHERE schedule_name = 'slow-script'`;
    expect(await said.getByRole('link').getAttribute('href')).toBe(`/dashboard/jobs/${run?.id}`);
    const lastRun = row('slow-script').locator('td').nth(3);
    await expect.poll(() => lastRun.textContent(), { timeout: 10_000 }).toContain('running');
    await screenshot(page, 'schedules-run-now');
    await expect.poll(() => lastRun.textContent(), { timeout: 15_000 }).toContain('completed');
  });

  it('keeps each row’s actions on one line', async () => {
    await page.goto('/dashboard/schedules');
    const buttons = row('slow-script').locator('td:last-child button');
    await buttons.first().waitFor();
    const tops = await buttons.evaluateAll((all) => all.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThanOrEqual(3);
    expect(new Set(tops).size).toBe(1);
  });

  it('lines the page action up with the heading, and the row actions up from row to row', async () => {
    // One enabled row (its cron far off) beside the disabled ones: Disable next to Enable.
    await d.api('PUT', '/api/schedules/aligned-enabled', { jobType: 'test_noop', cron: '0 3 1 1 *', enabled: true });
    try {
      await page.goto('/dashboard/schedules');
      await row('aligned-enabled').getByRole('button', { name: 'Disable' }).waitFor();
      const middle = async (selector: string) => {
        const box = await page.locator(selector).boundingBox();
        return box ? box.y + box.height / 2 : Number.NaN;
      };
      const heading = await middle('.page-head h1');
      expect(Math.abs((await middle('.page-head .actions')) - heading)).toBeLessThanOrEqual(1);
      const runNowLeft = async (name: string) =>
        (await row(name).getByRole('button', { name: 'Run now' }).boundingBox())?.x;
      expect(await runNowLeft('aligned-enabled')).toBe(await runNowLeft('slow-script'));
    } finally {
      await d.api('DELETE', '/api/schedules/aligned-enabled');
    }
  });

  it('edits a schedule in a dialog that takes focus, closes on Escape and gives focus back', async () => {
    await page.goto('/dashboard/schedules');
    const edit = row('slow-script').getByRole('button', { name: 'Edit', exact: true });
    await edit.click();
    const dialog = page.getByRole('dialog', { name: 'Edit slow-script' });
    await dialog.waitFor();
    expect(await focusedIsInside('[role="dialog"]')).toBe(true);
    await expect.poll(() => dialog.locator('.when').textContent()).toBe('At 03:00 (UTC)');
    await screenshot(page, 'schedules-timing-dialog');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await edit.evaluate((button) => button === document.activeElement)).toBe(true);
  });

  it('asks before enabling a schedule whose runs email people, saying how many', async () => {
    for (const i of [1, 2]) {
      const [u] = await d.h.sql`
        INSERT INTO users (clerk_user_id, email, role) VALUES (${`reader_${i}`}, ${`r${i}@example.test`}, 'user')
        RETURNING id`;
      await d.h.sql`
        INSERT INTO email_preferences (user_id, weekly_trending, weekly_new, submission_updates, unsubscribed_all)
        VALUES (${u?.id}, true, false, true, false)`;
    }
    await page.goto('/dashboard/schedules');
    await row('digest-test').getByRole('button', { name: 'Enable' }).click();
    const ask = page.getByRole('alertdialog');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('emails 2 users');
    await screenshot(page, 'schedules-enable-email');
    expect(await seriousViolations(page)).toEqual([]);
    await ask.getByRole('button', { name: 'Keep it as it is' }).click();
    await ask.waitFor({ state: 'detached' });
    expect((await stored('digest-test')).enabled).toBe(false);

    await row('digest-test').getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Enable and send on schedule' }).click();
    await expect.poll(async () => (await stored('digest-test')).enabled).toBe(true);
    await expect.poll(() => row('digest-test').locator('td').nth(4).textContent()).toBe('yes');
    await row('digest-test').getByRole('button', { name: 'Disable' }).click();
    await expect.poll(async () => (await stored('digest-test')).enabled).toBe(false);

    // A type that sends nothing is enabled at once.
    await row('slow-script').getByRole('button', { name: 'Enable' }).click();
    await expect.poll(async () => (await stored('slow-script')).enabled).toBe(true);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await row('slow-script').getByRole('button', { name: 'Disable' }).click();
    await expect.poll(async () => (await stored('slow-script')).enabled).toBe(false);
  });

  it('deletes after a confirmation, and Restore defaults brings built-in schedules back', async () => {
    await d.api('POST', '/api/schedules/defaults/restore', {});
    await page.goto('/dashboard/schedules');
    const more = row('crawl-pending').getByRole('button', { name: 'More for crawl-pending' });
    await more.click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Delete crawl-pending?' });
    await ask.waitFor();
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    // Focus goes back to the menu's button, not to the menu item that is gone.
    await expect.poll(() => more.evaluate((button) => button === document.activeElement)).toBe(true);
    expect((await d.api('GET', '/api/schedules/crawl-pending')).status).toBe(200);

    await row('crawl-pending').getByRole('button', { name: 'More for crawl-pending' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete the schedule' }).click();
    await row('crawl-pending').waitFor({ state: 'detached' });
    expect((await d.api('GET', '/api/schedules/crawl-pending')).status).toBe(404);

    await page.getByRole('button', { name: 'Restore defaults' }).click();
    await row('crawl-pending').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Restored crawl-pending');
    await screenshot(page, 'schedules');
    expect(await seriousViolations(page)).toEqual([]);
  });
  it('follows a schedule that fires while the page is open: its next run moves on, never shown in the past', async () => {
    await d.api('PUT', '/api/schedules/every-five-seconds', {
      jobType: 'test_noop',
      cron: '*/5 * * * * *',
      enabled: true,
    });
    try {
      await page.goto('/dashboard/schedules');
      const cells = row('every-five-seconds').locator('td');
      await expect.poll(() => cells.nth(2).textContent()).toMatch(/^(in \d+ seconds?|now)$/);
      // The run shown as the page loads: none, or one that fired while a slow machine loaded it.
      const lastRun = () =>
        cells.nth(3).evaluate((cell) => ({
          id: cell.querySelector('[data-last-run]')?.getAttribute('data-last-run') ?? null,
          text: cell.textContent,
        }));
      const shownFirst = (await lastRun()).id;
      // Without reading the page again, a later run appears, followed to its end, and the next stays ahead.
      await expect
        .poll(
          async () => {
            const { id, text } = await lastRun();
            return id !== null && id !== shownFirst && text?.includes('completed');
          },
          { timeout: 15_000 },
        )
        .toBe(true);
      expect(await cells.nth(2).textContent()).not.toContain('ago');
    } finally {
      await d.api('DELETE', '/api/schedules/every-five-seconds');
    }
  });
});
