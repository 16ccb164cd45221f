import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';

/** The trigger form in Chromium against the real API and a worker. */
let d: Dashboard;
let page: Page;

beforeAll(async () => {
  d = await openDashboard();
  page = d.page;
}, 60_000);
afterAll(async () => {
  await d?.close();
});

const crawlJobs = async () =>
  (await d.h.sql`SELECT id, priority FROM scheduled_jobs WHERE job_type = 'crawl_pending' ORDER BY created_at`).map(
    (r) => ({ id: r.id as string, priority: r.priority as string }),
  );
/** A crawl_pending run held in the slow crawler stand-in: the exclusive type is busy meanwhile. */
async function holdACrawl(url: string) {
  d.h.crawler.behaviour.latencyMs = 2500;
  await d.h.sql`INSERT INTO discoveries (url) VALUES (${url})`;
  const started = await d.api('POST', '/api/jobs/trigger', { jobType: 'crawl_pending', payload: {} });
  expect(started.status).toBe(202);
  return started.body.id as string;
}

describe('the trigger form', () => {
  it('after a 409, a press once the blocking job has finished triggers, and another priority is a new request', async () => {
    const blocking = await holdACrawl('https://example.org/slow-1');
    await page.goto('/dashboard/trigger/crawl_pending');
    await page.getByRole('button', { name: 'Trigger' }).click();
    const seeRunning = page.getByRole('link', { name: 'See the crawl_pending job that is running' });
    await seeRunning.waitFor();
    expect(await seeRunning.getAttribute('href')).toBe(`/dashboard/jobs/${blocking}`);
    await screenshot(page, 'trigger-409');

    // Another priority while it still runs: refused for the same reason, not as a reused key.
    await page.getByLabel('priority').selectOption('HIGH');
    await page.getByRole('button', { name: 'Trigger' }).click();
    await seeRunning.waitFor();
    expect(await page.locator('.problem').textContent()).not.toContain('Idempotency-Key');

    await d.h.waitForStatus(blocking, 'completed', 15_000);
    d.h.crawler.behaviour.latencyMs = 0;
    await page.getByRole('button', { name: 'Trigger' }).click();
    await page.waitForURL(/\/dashboard\/jobs\/[0-9a-f-]{36}$/);
    const jobs = await crawlJobs();
    expect(jobs).toHaveLength(2);
    expect(jobs[1]).toMatchObject({ id: page.url().split('/').pop(), priority: 'HIGH' });
  });

  it('says what a field expects in words, beside the field', async () => {
    await page.goto('/dashboard/trigger/test_script');
    await page.getByLabel('sleep ms').fill('1.5');
    await page.getByRole('button', { name: 'Trigger' }).click();
    const message = page.locator('.field-error');
    await expect.poll(() => message.first().textContent()).toBe('must be a whole number');
    // The message is the field's description for assistive technology.
    const describedBy = (await page.getByLabel('sleep ms').getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await message.first().getAttribute('id'));
    await page.getByLabel('sleep ms').fill('-1');
    await page.getByRole('button', { name: 'Trigger' }).click();
    await expect.poll(() => message.first().textContent()).toBe('must be at least 0');
    await screenshot(page, 'trigger-field-words');
  });

  it('offers a week picker with the form the API expects, and date-time fields in local time', async () => {
    await page.goto('/dashboard/trigger/weekly_digest');
    const week = page.getByLabel('iso week');
    expect(await week.getAttribute('type')).toBe('week');
    expect(await page.locator('small', { hasText: 'e.g. 2026-W49' }).count()).toBe(1);
    await week.fill('2026-W49');
    expect(await week.inputValue()).toBe('2026-W49');

    await page.goto('/dashboard/trigger/submission_notifications');
    const since = page.getByLabel('since');
    expect(await since.getAttribute('type')).toBe('datetime-local');
    await since.fill('2026-12-01T08:30:00');
    const sent = new Date('2026-12-01T08:30:00').toISOString();
    await expect.poll(() => page.locator('small', { hasText: 'sent as' }).textContent()).toContain(sent);
    await screenshot(page, 'trigger-date-time');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('asks before a real weekly digest, saying how many users it emails; a dry run does not ask', async () => {
    for (const [i, weeklyTrending] of [true, true, true, false].entries()) {
      const [u] = await d.h.sql`
        INSERT INTO users (clerk_user_id, email, role) VALUES (${`reader_${i}`}, ${`reader${i}@example.test`}, 'user')
        RETURNING id`;
      await d.h.sql`
        INSERT INTO email_preferences (user_id, weekly_trending, weekly_new, submission_updates, unsubscribed_all)
        VALUES (${u?.id}, ${weeklyTrending}, false, true, false)`;
    }
    const digests = async () =>
      (await d.h.sql`SELECT payload FROM scheduled_jobs WHERE job_type = 'weekly_digest' ORDER BY created_at`).map(
        (r) => r.payload,
      );

    await page.goto('/dashboard/trigger/weekly_digest');
    await page.getByRole('button', { name: 'Trigger' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain('This emails 3 users now.');
    await screenshot(page, 'trigger-digest-confirm');
    expect(await seriousViolations(page)).toEqual([]);
    // Escape keeps it as it was: nothing is triggered.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await digests()).toEqual([]);

    // A dry run sends nothing and does not ask.
    await page.getByLabel('dry run').check();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.waitForURL(/\/dashboard\/jobs\/[0-9a-f-]{36}$/);
    expect(await digests()).toEqual([expect.objectContaining({ dryRun: true })]);
    await d.h.waitForStatus(page.url().split('/').pop() as string, 'completed', 15_000);

    await page.goto('/dashboard/trigger/weekly_digest');
    await page.getByRole('button', { name: 'Trigger' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Email 3 users' }).click();
    await page.waitForURL(/\/dashboard\/jobs\/[0-9a-f-]{36}$/);
    expect(await digests()).toHaveLength(2);
    expect((await digests())[1]).toMatchObject({ dryRun: false });
  });
  it('counts one recipient as one user', async () => {
    // Exactly one user opts in to the weekly digest, whoever else exists.
    await d.h.sql`UPDATE email_preferences SET weekly_trending = false`;
    const [u] = await d.h.sql`
      INSERT INTO users (clerk_user_id, email, role) VALUES ('reader_alone', 'alone@example.test', 'user')
      RETURNING id`;
    await d.h.sql`
      INSERT INTO email_preferences (user_id, weekly_trending, weekly_new, submission_updates, unsubscribed_all)
      VALUES (${u?.id}, true, false, true, false)`;
    await page.goto('/dashboard/trigger/weekly_digest');
    await page.getByRole('button', { name: 'Trigger' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('This emails 1 user now.');
    expect(await dialog.getByRole('button', { name: 'Email 1 user', exact: true }).count()).toBe(1);
    await page.keyboard.press('Escape');
  });
  it('says nobody would be emailed when no user opted in, and still lets a real run go', async () => {
    await d.h.sql`UPDATE email_preferences SET weekly_trending = false`;
    await page.goto('/dashboard/trigger/weekly_digest');
    await expect.poll(() => page.locator('form.trigger').textContent()).toContain('No user would be emailed now');
    await page.getByRole('button', { name: 'Trigger' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('No user would be emailed');
    expect(await dialog.textContent()).not.toContain('0 users');
    expect(await dialog.getByRole('button', { name: /^Email/ }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Run it anyway' }).click();
    await page.waitForURL(/\/dashboard\/jobs\/[0-9a-f-]{36}$/);
  });
});
