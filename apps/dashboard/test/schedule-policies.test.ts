import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@scheduler/testing';
import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotForDocs, seriousViolationsInBothSchemes } from './browser.ts';

/**
 * Issue 23's schedules in Chromium against the real API and a worker: a schedule created from
 * the dashboard with its payload form, the drift of an overridden declared schedule and its
 * reset, a pause until a time, and the report of missed runs.
 */
let d: Dashboard;
let page: Page;

beforeAll(async () => {
  // The built-in schedules, declared with their job types in the code, are installed at start.
  d = await openDashboard(undefined, { env: { INSTALL_DEFAULT_SCHEDULES: 'true' } });
  page = d.page;
  // A step that waits past this fails naming its locator, inside the test's own 30 s.
  page.setDefaultTimeout(20_000);
}, 60_000);
afterAll(async () => {
  await d?.close();
});

/** What the page shows after a request or two (a check of the timing waits for typing to pause). */
const SOON = { timeout: 5000 };
const row = (name: string) => page.locator(`tr[data-schedule="${name}"]`);
const stored = async (name: string) => (await d.api('GET', `/api/schedules/${name}`)).body;
const focusedIsInside = (selector: string) =>
  page.evaluate((s) => document.querySelector(s)?.contains(document.activeElement) ?? false, selector);

describe('schedules from the dashboard', () => {
  it('creates a schedule of any type with its payload form and priority, shows a refusal at its field, and its runs get them', async () => {
    await page.goto('/dashboard/schedules');
    await page.getByRole('button', { name: 'New schedule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New schedule' });
    await dialog.waitFor();
    expect(await focusedIsInside('[role="dialog"]')).toBe(true);
    await dialog.getByLabel('name').fill('scripted-every-3s');
    await dialog.getByLabel('job type').selectOption('test_script');
    await dialog.getByLabel('description').fill('A script run from a schedule made in the dashboard');
    // The payload form is the type's, as on Trigger: a bad value is the API's to refuse.
    await dialog.getByLabel('sleep ms').fill('-5');
    await dialog.getByLabel('error message').fill('made in the dashboard');
    await dialog.getByLabel('priority').selectOption('HIGH');
    await dialog.getByLabel('every N minutes').check();
    await dialog.getByLabel('every (minutes)').fill('0.05');
    await expect.poll(() => dialog.locator('.when').textContent(), SOON).toContain('3 seconds');
    await dialog.getByLabel('queue one run after it').check();
    await dialog.getByRole('button', { name: 'Create the schedule' }).click();

    // Each refusal beside its field, described by it for assistive technology.
    const sleepError = dialog.locator('.field-error', { hasText: 'must be at least 0' });
    await sleepError.waitFor();
    const describedBy = (await dialog.getByLabel('sleep ms').getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await sleepError.getAttribute('id'));
    await screenshotForDocs(page, 'create-refused-at-field');
    await dialog.getByLabel('sleep ms').fill('250');
    await dialog.getByLabel('catch up').check();
    await dialog.getByLabel('at most (runs)').fill('0');
    await dialog.getByLabel('of those within the last (minutes)').fill('10');
    await dialog.getByRole('button', { name: 'Create the schedule' }).click();
    const maxError = dialog.locator('.field-error', { hasText: /at least 1/ });
    await maxError.waitFor();
    expect((await dialog.getByLabel('at most (runs)').getAttribute('aria-describedby')) ?? '').toContain(
      await maxError.getAttribute('id'),
    );
    expect((await d.api('GET', '/api/schedules/scripted-every-3s')).status).toBe(404);

    await dialog.getByLabel('at most (runs)').fill('2');
    await screenshotForDocs(page, 'create-form');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    await dialog.getByRole('button', { name: 'Create the schedule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row('scripted-every-3s').waitFor();
    expect(await row('scripted-every-3s').textContent()).toContain('made here');
    expect(await stored('scripted-every-3s')).toMatchObject({
      jobType: 'test_script',
      everyMs: 3000,
      payload: { sleepMs: 250, errorMessage: 'made in the dashboard' },
      priority: 'HIGH',
      priorityOverride: 'HIGH',
      missedPolicy: 'catch_up',
      catchUpMax: 2,
      catchUpWindowMs: 600_000,
      overlapPolicy: 'queue',
    });

    // Its runs carry the payload and the priority, and complete.
    const run = await waitFor(
      'a run of the new schedule to complete',
      async () => {
        const [job] = await d.h.sql`
          SELECT payload, priority, status FROM scheduled_jobs
          WHERE schedule_name = 'scripted-every-3s' AND status = 'completed' LIMIT 1`;
        return job;
      },
      { timeoutMs: 20_000 },
    );
    expect(run.priority).toBe('HIGH');
    expect(run.payload).toMatchObject({ sleepMs: 250, errorMessage: 'made in the dashboard' });
    await expect
      .poll(() => row('scripted-every-3s').locator('td').nth(3).textContent(), { timeout: 15_000 })
      .toContain('completed');
    await screenshotForDocs(page, 'created');
    await d.api('PUT', '/api/schedules/scripted-every-3s', { enabled: false });
  });

  it('edits every setting of a schedule but its name and type, sending only what changed', async () => {
    await d.api('PUT', '/api/schedules/editable', { jobType: 'test_script', cron: '0 3 * * *', enabled: false });
    await page.goto('/dashboard/schedules');
    await row('editable').getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit editable' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('name').count()).toBe(0);
    expect(await dialog.getByLabel('job type').count()).toBe(0);
    await dialog.getByLabel('cron (minute hour day-of-month month day-of-week)').fill('30 6 * * *');
    await dialog.getByLabel('time zone').fill('Europe/Berlin');
    await expect.poll(() => dialog.locator('.when').textContent(), SOON).toContain('06:30');
    await dialog.getByLabel('fail times').fill('2');
    await dialog.getByLabel('priority').selectOption('LOW');
    await dialog.getByLabel('skip them').check();
    await dialog.getByLabel('cancel the running one').check();
    await dialog.getByLabel('a run may start late by (seconds)').fill('90');
    const sent = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/api/schedules/editable'));
    await dialog.getByRole('button', { name: 'Save' }).click();
    // Its description, untouched, is not sent (a field sent is a field set here, over the code's).
    expect(Object.keys((await sent).postDataJSON()).sort()).toEqual(
      ['cron', 'everyMs', 'timezone', 'payload', 'priority', 'missedPolicy', 'overlapPolicy', 'graceMs'].sort(),
    );
    await dialog.waitFor({ state: 'detached' });
    expect(await stored('editable')).toMatchObject({
      cron: '30 6 * * *',
      timezone: 'Europe/Berlin',
      payload: { failTimes: 2 },
      priority: 'LOW',
      missedPolicy: 'skip',
      overlapPolicy: 'cancel',
      graceMs: 90_000,
      graceMsOverride: 90_000,
      enabled: false,
    });
  });

  it('marks in the preview a fire whose local time a change of the clocks skips', async () => {
    await page.goto('/dashboard/schedules');
    await page.getByRole('button', { name: 'New schedule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New schedule' });
    await dialog.waitFor();
    // 02:30 on 28 March in Berlin: in 2027 the clocks go from 02:00 to 03:00 that night.
    await dialog.getByLabel(/^cron/).fill('30 2 28 3 *');
    await dialog.getByLabel('time zone').fill('Europe/Berlin');
    await expect
      .poll(() => dialog.locator('.when').textContent(), SOON)
      .toBe('At 02:30, on day 28 of the month, only in March (Europe/Berlin)');
    const mark = dialog.locator('ol.preview .dst[data-dst="skipped"]');
    await expect.poll(() => mark.count(), SOON).toBe(1);
    expect(await mark.textContent()).toMatch(/02:30 does not exist on 28 Mar/);
    expect(await dialog.locator('ol.preview li').first().textContent()).toContain('2027-03-28');
    await mark.scrollIntoViewIfNeeded();
    await screenshotForDocs(page, 'preview-daylight-saving');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it("shows how an overridden declared schedule differs from the code, and resets it to the code's after a confirmation", async () => {
    // cleanup-old-data is declared with its job type, in the code: 0 2 * * *.
    const before = await stored('cleanup-old-data');
    expect(before.declared).toMatchObject({ cron: '0 2 * * *' });
    expect(before.override).toBeNull();
    await page.goto('/dashboard/schedules');
    expect(await row('cleanup-old-data').locator('.badge').textContent()).toBe('from the code');
    expect(await row('scripted-every-3s').locator('.badge').textContent()).toBe('made here');
    expect(await row('cleanup-old-data').locator('.drift').count()).toBe(0);

    // An admin moves it (here through the API, as any change is): an override of the code's.
    expect(
      (await d.api('PUT', '/api/schedules/cleanup-old-data', { cron: '0 4 * * *', priority: 'HIGH' })).status,
    ).toBe(200);
    await page.reload();
    const drift = row('cleanup-old-data').locator('.drift');
    await expect
      .poll(() => drift.textContent(), SOON)
      .toMatch(
        /^The code says 0 2 \* \* \*, the type's priority; runs 0 4 \* \* \*, priority HIGH since \d+ \w+, set by .+\.$/,
      );
    await screenshotForDocs(page, 'drift-in-the-list');

    await row('cleanup-old-data').getByRole('link', { name: 'cleanup-old-data' }).click();
    await page.getByRole('heading', { level: 1, name: /cleanup-old-data/ }).waitFor();
    const fromTheCode = page.getByRole('region', { name: 'From the code' });
    await expect
      .poll(() => fromTheCode.locator('li').allTextContents(), SOON)
      .toEqual(['The code says 0 2 * * *; runs 0 4 * * *.', "The code says the type's priority; runs priority HIGH."]);
    await screenshotForDocs(page, 'drift');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshotForDocs(page, 'drift-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Asked first; Escape keeps it as it is.
    const reset = fromTheCode.getByRole('button', { name: "Reset to the code's…" });
    await reset.click();
    const ask = page.getByRole('alertdialog', { name: "Reset cleanup-old-data to the code's?" });
    await ask.waitFor();
    expect(await ask.textContent()).toContain('0 4 * * * → 0 2 * * *');
    await screenshotForDocs(page, 'reset-confirm');
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    expect((await stored('cleanup-old-data')).override).not.toBeNull();

    await reset.click();
    await page.getByRole('alertdialog').getByRole('button', { name: "Reset to the code's" }).click();
    await expect.poll(() => fromTheCode.textContent(), SOON).toContain('As the code declares it');
    expect(await stored('cleanup-old-data')).toMatchObject({
      cron: '0 2 * * *',
      priorityOverride: null,
      override: null,
    });
    expect(await page.getByRole('status').textContent()).toContain("cleanup-old-data is the code's again");
  });

  it('pauses a schedule until a time in its zone, shows it wherever the schedule appears, resumes on request and by itself', async () => {
    await d.api('PUT', '/api/schedules/pausable', {
      jobType: 'test_noop',
      cron: '0 */5 * * * *',
      timezone: 'Europe/Berlin',
      enabled: true,
    });
    await page.goto('/dashboard/schedules');
    // By keyboard: the row's menu opens on Enter with its first item, Pause until…, focused.
    await row('pausable').getByRole('button', { name: 'More for pausable' }).focus();
    await page.keyboard.press('Enter');
    const item = page.getByRole('menuitem', { name: 'Pause until…' });
    await expect.poll(() => item.evaluate((node) => node === document.activeElement), SOON).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Pause pausable' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Until tomorrow 09:00' }).click();
    const until = dialog.getByLabel('until (Europe/Berlin time)');
    expect(await until.inputValue()).toMatch(/T09:00$/);
    await screenshotForDocs(page, 'pause-dialog');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    // Enter in the field pauses, as the Pause button does.
    await until.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    const pause = (await stored('pausable')).pause;
    // 09:00 in Berlin tomorrow is 08:00 UTC in winter.
    expect(pause.until).toMatch(/T08:00:00(\.000)?Z$/);
    const note = row('pausable').locator('.pause-note');
    await expect
      .poll(() => note.textContent(), SOON)
      .toMatch(/^Paused until \w{3} \d+ \w{3}, 09:00 CET by .+ · resumes by itself/);
    await screenshotForDocs(page, 'paused-in-the-list');

    // The Overview lists it as paused, not as a next run.
    await page.goto('/dashboard/');
    const nextRuns = page.getByRole('region', { name: 'Next scheduled runs' });
    const paused = nextRuns.locator('li[data-paused-schedule="pausable"]');
    await expect.poll(() => paused.textContent(), SOON).toContain('resumes by itself');
    expect(await nextRuns.locator('li', { hasText: /^in .*pausable/ }).count()).toBe(0);
    await screenshotForDocs(page, 'paused-on-the-overview');
    await paused.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(async () => (await stored('pausable')).pause, SOON).toBeNull();
    await expect.poll(() => nextRuns.locator('li[data-paused-schedule]').count(), SOON).toBe(0);

    // A pause that ends resumes by itself, and the page shows it without a reload.
    const soon = new Date(Date.now() + 3000).toISOString();
    expect((await d.api('POST', '/api/schedules/pausable/pause', { until: soon })).status).toBe(200);
    await page.goto('/dashboard/schedules/pausable');
    const banner = page.locator('.paused-banner');
    await expect.poll(() => banner.count(), SOON).toBe(1);
    await screenshotForDocs(page, 'paused');
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(0);
    expect((await stored('pausable')).pause).toBeNull();

    // A time past is refused at the field.
    await page.getByRole('button', { name: 'Pause until…' }).click();
    const again = page.getByRole('dialog', { name: 'Pause pausable' });
    await again.getByLabel('until (Europe/Berlin time)').fill('2020-01-01T09:00');
    await again.getByRole('button', { name: 'Pause', exact: true }).click();
    await again.locator('.field-error').waitFor();
    await page.keyboard.press('Escape');
    await d.api('PUT', '/api/schedules/pausable', { enabled: false });
  });

  it('reports what a schedule missed while no worker ran, what its policy did about it, and the run that did it', async () => {
    // Every second, run once after a miss; a run may start 1.5 s late before its slot is missed.
    await d.api('PUT', '/api/schedules/every-second', {
      jobType: 'test_noop',
      everyMs: 1000,
      missedPolicy: 'run_once',
      graceMs: 1500,
    });
    const runs = () => d.h.sql`SELECT id FROM scheduled_jobs WHERE schedule_name = 'every-second'`;
    await waitFor('a first run on time', async () => (await runs()).length > 0, { timeoutMs: 15_000 });

    // The worker fleet goes for 4 seconds: nobody runs the slots; when it is back, they settle once.
    await d.worker?.close(1000);
    await sleep(4000);
    d.worker = await d.h.startWorker();
    const [miss] = await waitFor(
      'the missed slots to be settled',
      async () => {
        const rows = await d.h.sql`SELECT slots, run_ids FROM schedule_misses WHERE schedule_name = 'every-second'`;
        return rows.length > 0 ? rows : null;
      },
      { timeoutMs: 20_000 },
    );
    expect(await d.api('PUT', '/api/schedules/every-second', { enabled: false })).toMatchObject({ status: 200 });
    const run = (miss?.run_ids as string[] | undefined)?.[0] as string;
    expect(miss?.slots).toBeGreaterThanOrEqual(3);

    await page.goto('/dashboard/schedules');
    const summary = row('every-second').locator('.last-miss');
    await expect
      .poll(() => summary.textContent(), SOON)
      .toMatch(new RegExp(`^missed \\S+–\\S+ \\(${miss?.slots} slots\\): ran once at \\S+$`));
    await screenshotForDocs(page, 'missed-in-the-list');
    const said = await summary.textContent();
    await summary.getByRole('link').click();
    const section = page.getByRole('region', { name: 'Missed runs' });
    const rows = section.locator('tbody tr');
    await expect.poll(() => rows.count(), SOON).toBe(1);
    expect(await rows.locator('td').nth(1).textContent()).toBe(said);
    expect(await rows.locator('td').nth(2).textContent()).toBe(String(miss?.slots));
    expect(await rows.locator('td').nth(3).textContent()).toBe('run once');
    expect(await rows.getByRole('link').getAttribute('href')).toBe(`/dashboard/jobs/${run}`);
    await screenshotForDocs(page, 'missed-runs');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    await rows.getByRole('link').click();
    await page.waitForURL(`**/dashboard/jobs/${run}`);
  });
});
