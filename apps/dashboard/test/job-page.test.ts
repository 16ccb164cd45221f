import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overflowsSideways, screenshot, seriousViolations } from './browser.ts';

/** The job page in Chromium against the real API and a worker, at a laptop's 1280×720. */
let d: Dashboard;
let page: Page;
const VIEWPORT = { width: 1280, height: 720 };

beforeAll(async () => {
  // test_bounded waits a minute before its retry: long enough to see it waiting.
  d = await openDashboard(VIEWPORT, {
    env: { JOB_OVERRIDES: JSON.stringify({ test_bounded: { backoffMs: 60_000 } }) },
  });
  page = d.page;
}, 60_000);
afterAll(async () => {
  await d?.close();
});

const statusOf = (p: Page) => p.locator('h1 .status');
/** Whether all of the element is inside the window as it is scrolled now. */
const onScreen = async (locator: Locator) => {
  const box = await locator.boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= VIEWPORT.height;
};
const trigger = async (jobType: string, payload: Record<string, unknown>) => {
  const answer = await d.api('POST', '/api/jobs/trigger', { jobType, payload });
  expect(answer.status).toBe(202);
  return answer.body.id as string;
};
const logBox = (p: Page) => p.getByRole('log');

describe('the job page', () => {
  it('keeps a failed job’s title, status and Retry on screen while its log follows, and wraps long errors', async () => {
    const longError = `upstream-refused-${'x'.repeat(300)}`;
    const id = await trigger('test_script', { failTimes: 5, sleepMs: 300, errorMessage: longError });
    await d.h.waitForStatus(id, 'failed', 20_000);
    await page.goto(`/dashboard/jobs/${id}`);
    await expect.poll(() => statusOf(page).textContent()).toContain('failed');
    await expect.poll(() => page.locator('.log-line').count()).toBe(30);
    // Each attempt's marker has the colour of how it ended.
    const markerColours = await page.locator('.timeline > li').evaluateAll((items) =>
      items.map((li) => {
        const probe = document.createElement('span');
        probe.style.color = `var(--status-${li.getAttribute('data-outcome')})`;
        document.body.append(probe);
        const expected = getComputedStyle(probe).color;
        probe.remove();
        return {
          outcome: li.getAttribute('data-outcome'),
          shown: getComputedStyle(li, '::before').borderTopColor,
          expected,
        };
      }),
    );
    expect(markerColours.length).toBeGreaterThan(0);
    for (const m of markerColours) {
      expect(m.outcome).toBe('failed');
      expect(m.shown).toBe(m.expected);
    }

    const retry = page.getByRole('button', { name: 'Retry', exact: true });
    // Following the log scrolled the log box, not the window.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await logBox(page).evaluate((box) => box.scrollTop + box.clientHeight >= box.scrollHeight - 8)).toBe(true);
    for (const shown of [page.locator('h1'), statusOf(page), retry]) expect(await onScreen(shown)).toBe(true);
    await screenshot(page, 'job-failed-1280x720');

    // Read down to the log: the header with the job's state and actions stays in view.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    for (const shown of [page.locator('h1'), statusOf(page), retry]) expect(await onScreen(shown)).toBe(true);

    // The error and the payload wrap: nothing is wider than the window.
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await overflowsSideways(page)).toBe(false);
    await page.setViewportSize(VIEWPORT);
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('stops following new lines when the log box is scrolled up, without moving the window', async () => {
    // Long enough to be still running when it is cancelled at the end, on a slow machine too.
    const id = await trigger('test_script', { sleepMs: 20_000 });
    await page.goto(`/dashboard/jobs/${id}`);
    await expect.poll(() => statusOf(page).textContent(), { timeout: 10_000 }).toContain('running');
    const follow = page.getByLabel('follow new lines');
    expect(await follow.isChecked()).toBe(true);
    await expect.poll(() => page.locator('.log-line').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    // With no history, the estimate comes from the job's own pace once it has one: the API's range.
    const eta = page.locator('.eta');
    await expect.poll(() => eta.textContent(), { timeout: 10_000 }).toMatch(/^done .+ \(between .+ and .+\)$/);
    expect((await d.api('GET', `/api/jobs/${id}`)).body.eta).toMatchObject({ basis: 'progress' });
    expect(await eta.getAttribute('title')).toBe('basis: progress');
    // Make the box shorter than its lines, so that it scrolls.
    await logBox(page).evaluate((box) => {
      (box as HTMLElement).style.maxHeight = '2.5rem';
    });
    await expect.poll(() => logBox(page).evaluate((box) => box.scrollTop)).toBeGreaterThan(0);
    await logBox(page).evaluate((box) => box.scrollTo(0, 0));
    await expect.poll(() => follow.isChecked()).toBe(false);
    const seen = await page.locator('.log-line').count();
    await expect.poll(() => page.locator('.log-line').count(), { timeout: 10_000 }).toBeGreaterThan(seen);
    expect(await logBox(page).evaluate((box) => box.scrollTop)).toBe(0);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    // Ticking it again goes back to the newest line.
    await follow.check();
    await expect.poll(() => logBox(page).evaluate((box) => box.scrollTop)).toBeGreaterThan(0);
    await screenshot(page, 'job-running');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => statusOf(page).textContent(), { timeout: 15_000 }).toContain('cancelled');
  });

  it('shows a job waiting to retry as the API says, with only the actions it allows', async () => {
    const id = await trigger('test_bounded', { failTimes: 1 });
    await d.h.waitForStatus(id, 'pending');
    await page.goto(`/dashboard/jobs/${id}`);
    await expect.poll(() => statusOf(page).textContent(), { timeout: 10_000 }).toContain('waiting to retry');
    const view = (await d.api('GET', `/api/jobs/${id}`)).body;
    expect(view.display).toMatchObject({ state: 'waiting_to_retry', failedAttempt: 1 });
    const at = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
      new Date(view.display.retryAt),
    );
    expect(await page.locator('.job-waiting').textContent()).toBe(`attempt 1 of 3 failed · next try at ${at}`);
    const buttons = await page.locator('.job-header button').allTextContents();
    const named = { cancel: 'Cancel', retry: 'Retry', edit_and_retry: 'Edit payload and retry' } as const;
    expect(buttons).toEqual((view.actions as Array<keyof typeof named>).map((a) => named[a]));
    await screenshot(page, 'job-waiting-to-retry');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => statusOf(page).textContent(), { timeout: 10_000 }).toContain('cancelled');
  });

  it('says a job in a paused queue waits until the queue is resumed, and follows it when it is', async () => {
    const resume = () => d.api('POST', '/api/queues/test_noop/resume');
    expect((await d.api('POST', '/api/queues/test_noop/pause')).status).toBe(200);
    try {
      // The API reads which queues are paused every second or so.
      await expect
        .poll(async () => (await d.api('GET', '/api/overview?days=1')).body.pausedQueues, { timeout: 10_000 })
        .toContain('test_noop');
      const id = await trigger('test_noop', {});
      await page.goto(`/dashboard/jobs/${id}`);
      await expect.poll(() => statusOf(page).textContent(), { timeout: 10_000 }).toContain('queue paused');
      expect(await page.locator('.job-waiting').textContent()).toMatch(
        /^paused since \d\d:\d\d by service, until resumed: waits until its queue is resumed$/,
      );
      // Said once: the status, not again beside it.
      expect((await page.locator('.job-header').textContent())?.match(/queue paused/g)).toHaveLength(1);
      // Not run yet: the attempts say so instead of an empty list.
      expect(await page.locator('section[aria-labelledby="attempts"]').textContent()).toBe('AttemptsNo attempt yet.');
      // In the job list too, the row says "queue paused" once, and whose pause it is.
      await page.goto(`/dashboard/jobs?idPrefix=${id.slice(0, 8)}`);
      const listed = page.locator(`tr[data-job-id="${id}"]`);
      await expect.poll(() => listed.locator('td:not(.select)').first().textContent()).toContain('queue paused');
      expect((await listed.textContent())?.match(/queue paused/g)).toHaveLength(1);
      expect(await listed.textContent()).toMatch(/paused since \d\d:\d\d by service, until resumed/);
      await page.goto(`/dashboard/jobs/${id}`);
      await statusOf(page).waitFor();
      await screenshot(page, 'job-queue-paused');
      await resume();
      await expect.poll(() => statusOf(page).textContent(), { timeout: 15_000 }).toContain('completed');
      expect(await page.locator('.job-waiting').count()).toBe(0);
    } finally {
      await resume();
    }
  });

  it('marks a dry run', async () => {
    const id = await trigger('weekly_digest', { dryRun: true });
    await page.goto(`/dashboard/jobs/${id}`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('dry run');
    const real = await trigger('test_noop', {});
    await page.goto(`/dashboard/jobs/${real}`);
    await statusOf(page).waitFor();
    expect(await page.locator('h1').textContent()).not.toContain('dry run');
  });
  it('says a finished job logged nothing, without promising lines to come', async () => {
    const id = await trigger('test_script', { failTimes: 5 });
    await d.h.waitForStatus(id, 'failed', 20_000);
    await page.goto(`/dashboard/jobs/${id}`);
    await expect.poll(() => statusOf(page).textContent()).toContain('failed');
    await expect.poll(() => logBox(page).textContent()).toBe('Nothing was logged.');
  });

  it('never shows a bound of the estimate in the past while the page keeps an older read', async () => {
    const id = await trigger('test_script', { sleepMs: 30_000 });
    await page.goto(`/dashboard/jobs/${id}`);
    const eta = page.locator('.eta');
    await expect.poll(() => eta.textContent(), { timeout: 15_000 }).toMatch(/^done .+ \(between .+ and .+\)$/);
    const { low, high } = (await d.api('GET', `/api/jobs/${id}`)).body.eta as { low: string; high: string };
    // The page's clock moves past the early bound it was given (no new read comes meanwhile).
    await page.clock.install();
    await page.clock.fastForward(Math.max(1_000, Date.parse(low) - Date.now() + 1_000));
    await expect.poll(() => eta.textContent()).toMatch(/between now and/);
    // And past the late bound: overdue, not "done 20 seconds ago".
    await page.clock.fastForward(Math.max(1_000, Date.parse(high) - Date.now() + 5_000));
    await expect.poll(() => eta.textContent()).toBe('taking longer than estimated');
    await d.api('POST', `/api/jobs/${id}/cancel`);
  });
});
