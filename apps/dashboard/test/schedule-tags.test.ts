import { waitFor } from '@scheduler/testing';
import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';

/**
 * A schedule's tags in Chromium against the real API and a worker: set in the create and edit
 * form (refused at the field, as the API would, before anything is sent), shown on the list and
 * the schedule's page as links to the jobs carrying them, and copied onto the schedule's runs.
 */
let d: Dashboard;
let page: Page;

beforeAll(async () => {
  d = await openDashboard();
  page = d.page;
  page.setDefaultTimeout(20_000);
}, 60_000);
afterAll(async () => {
  await d?.close();
});

const row = (name: string) => page.locator(`tr[data-schedule="${name}"]`);
const stored = async (name: string) => (await d.api('GET', `/api/schedules/${name}`)).body;

describe('schedule tags in the dashboard', () => {
  it('are refused at their field when wrong, saved when right, shown as links, and carried by the runs', async () => {
    await page.goto('/dashboard/schedules');
    await page.getByRole('button', { name: 'New schedule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New schedule' });
    await dialog.waitFor();
    await dialog.getByLabel('name').fill('tagged-script');
    await dialog.getByLabel('job type').selectOption('test_script');
    await dialog.getByLabel('every N minutes').check();
    await dialog.getByLabel('every (minutes)').fill('60');
    await expect.poll(() => dialog.locator('.when').textContent()).toContain('hour');
    // Created switched off: it runs only when asked below.
    await dialog.getByLabel('enabled').uncheck();
    const create = dialog.getByRole('button', { name: 'Create the schedule' });
    await expect.poll(() => create.isEnabled()).toBe(true);

    const tags = dialog.getByLabel('tags');
    const tagError = dialog.locator('.field-error');
    await tags.fill('Nightly team:growth');
    await create.click();
    await tagError.waitFor();
    expect(await tagError.textContent()).toBe(
      '“Nightly” is not a tag: each is 1 to 40 lower-case letters, digits, _ . : or -',
    );
    // Described by its message (and its help) for assistive technology, and marked invalid.
    const describedBy = ((await tags.getAttribute('aria-describedby')) ?? '').split(' ');
    expect(describedBy).toContain(await tagError.getAttribute('id'));
    expect(await tags.getAttribute('aria-invalid')).toBe('true');
    await tags.scrollIntoViewIfNeeded();
    await screenshot(page, 'schedule-tags-refused');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await d.api('GET', '/api/schedules/tagged-script')).status).toBe(404);

    // Typing again takes the message away; too many, or one twice, is said as such.
    await tags.fill('a b c d e f');
    expect(await tagError.count()).toBe(0);
    await create.click();
    await expect.poll(() => tagError.textContent()).toBe('At most 5 tags (6 given)');
    await tags.fill('nightly nightly');
    await create.click();
    await expect.poll(() => tagError.textContent()).toBe('“nightly” is given twice');
    expect((await d.api('GET', '/api/schedules/tagged-script')).status).toBe(404);

    await tags.fill('nightly, team:growth');
    await create.click();
    await dialog.waitFor({ state: 'detached' });
    expect(await stored('tagged-script')).toMatchObject({ tags: ['nightly', 'team:growth'] });

    // On the list, each tag links to the job search for it.
    const links = row('tagged-script').locator('a.tag');
    await expect.poll(() => links.allTextContents()).toEqual(['nightly', 'team:growth']);
    expect(await links.first().getAttribute('href')).toBe(`/dashboard/jobs?q=${encodeURIComponent('tag:nightly')}`);
    await screenshot(page, 'schedule-tags-list');

    // A run carries the schedule's tags, and the tag's link finds it.
    await row('tagged-script').getByRole('button', { name: 'Run now' }).click();
    const run = await waitFor(
      'the run to complete',
      async () => {
        const [job] = await d.h.sql`
          SELECT id, tags FROM scheduled_jobs WHERE schedule_name = 'tagged-script' AND status = 'completed'`;
        return job;
      },
      { timeoutMs: 20_000 },
    );
    expect(run.tags).toEqual(['nightly', 'team:growth']);
    await links.first().click();
    await expect.poll(() => page.getByRole('searchbox').inputValue()).toBe('tag:nightly');
    await page.locator(`a[href="/dashboard/jobs/${run.id}"]`).first().waitFor();

    // Edited: only the tags are sent, and the schedule's page shows the new ones.
    await page.goto('/dashboard/schedules/tagged-script');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Edit tagged-script' });
    await edit.waitFor();
    expect(await edit.getByLabel('tags').inputValue()).toBe('nightly team:growth');
    await edit.getByLabel('tags').fill('nightly backfill');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    expect(await stored('tagged-script')).toMatchObject({ tags: ['nightly', 'backfill'] });
    const shown = page.locator('.settings a.tag');
    await expect.poll(() => shown.allTextContents()).toEqual(['nightly', 'backfill']);
    expect(await shown.last().getAttribute('href')).toBe(`/dashboard/jobs?q=${encodeURIComponent('tag:backfill')}`);
    await screenshot(page, 'schedule-tags-page');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
