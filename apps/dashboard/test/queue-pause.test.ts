import { waitFor } from '@scheduler/testing';
import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotForDocs, seriousViolationsInBothSchemes } from './browser.ts';

/**
 * Queue control in Chromium against the real API and a worker, with jobs flowing: a queue paused
 * from the Overview (until a time, with a reason) shows everywhere – the Overview, the Jobs page,
 * each waiting job's row and page – while other types keep running, and resumed from the Jobs
 * page its jobs run.
 */
let d: Dashboard;
let page: Page;
let flowing: NodeJS.Timeout | undefined;

beforeAll(async () => {
  d = await openDashboard();
  page = d.page;
  page.setDefaultTimeout(20_000);
  // Jobs of another type flow all along.
  flowing = setInterval(() => void d.api('POST', '/api/jobs/trigger', { jobType: 'test_noop' }).catch(() => {}), 300);
}, 60_000);
afterAll(async () => {
  clearInterval(flowing);
  await d?.close();
});

const SOON = { timeout: 10_000 };
const trigger = async (jobType: string, payload: object = {}) =>
  (await d.api('POST', '/api/jobs/trigger', { jobType, payload })).body.id as string;
const statusOf = async (id: string) => (await d.api('GET', `/api/jobs/${id}`)).body.status as string;

describe('a paused queue in the dashboard', () => {
  it('is paused from the Overview and shown on the Overview, the Jobs page and every waiting job; resumed, its jobs run', async () => {
    await page.goto('/dashboard/');
    const typeRow = page.locator('tr[data-job-type="test_script"]');
    await typeRow.getByRole('button', { name: 'Pause the test_script queue' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pause the test_script queue' });
    await dialog.waitFor();
    await dialog.getByLabel('until a time').check();
    await dialog.getByRole('button', { name: '1 hour' }).click();
    await dialog.getByLabel(/^reason/).fill('email provider down');
    await screenshotForDocs(page, 'queue-pause-dialog');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    const pausedAt = Date.now();
    await dialog.getByRole('button', { name: 'Pause the queue' }).click();
    await dialog.waitFor({ state: 'detached' });

    // On record, as the API says it: by the signed-in service session, until about an hour on.
    const { queues } = (await d.api('GET', '/api/queues')).body;
    const pause = queues.find((q: { jobType: string }) => q.jobType === 'test_script').pause;
    expect(pause).toMatchObject({ by: 'service', reason: 'email provider down' });
    expect(Date.parse(pause.until) - pausedAt).toBeGreaterThan(3_500_000);
    const until = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(
      new Date(pause.until),
    );

    // The Overview: a banner with since, by, until and why; the type's row marked.
    const banner = page.getByRole('region', { name: 'Queue paused' });
    await expect
      .poll(() => banner.textContent(), SOON)
      .toMatch(new RegExp(`test_script.*paused since \\d\\d:\\d\\d by service, until ${until} · email provider down`));
    await expect.poll(() => typeRow.getAttribute('data-queue-paused'), SOON).toBe('true');
    expect(await typeRow.getByRole('button', { name: 'Resume the test_script queue' }).count()).toBe(1);

    // Jobs triggered while paused wait; the other type's keep completing.
    const waiting = [await trigger('test_script'), await trigger('test_script'), await trigger('test_script')];
    const other = await trigger('test_noop');
    await waitFor('the other type to run', async () => (await statusOf(other)) === 'completed');
    for (const id of waiting) expect(await statusOf(id)).toBe('pending');
    const waitingItem = page.getByRole('region', { name: 'Waiting' }).locator(`li[data-job-id="${waiting[0]}"]`);
    await expect.poll(() => waitingItem.getAttribute('data-state'), SOON).toBe('paused');
    await screenshotForDocs(page, 'queue-paused-overview');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});

    // The Jobs page filtered by the type: the banner, and each waiting row says whose pause.
    await page.goto('/dashboard/jobs?type=test_script');
    await expect
      .poll(() => page.getByRole('region', { name: 'Queue paused' }).textContent(), SOON)
      .toContain('email provider down');
    for (const id of waiting) {
      await expect
        .poll(() => page.locator(`tr[data-job-id="${id}"]`).textContent(), SOON)
        .toMatch(new RegExp(`queue paused\\s*paused since \\d\\d:\\d\\d by service, until ${until}`));
    }
    await screenshotForDocs(page, 'queue-paused-jobs');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});

    // A waiting job's page.
    await page.goto(`/dashboard/jobs/${waiting[0]}`);
    await expect
      .poll(() => page.locator('.job-waiting').textContent(), SOON)
      .toMatch(
        new RegExp(
          `^paused since \\d\\d:\\d\\d by service, until ${until} \\(email provider down\\): waits until its queue is resumed$`,
        ),
      );
    await screenshotForDocs(page, 'queue-paused-job');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
    for (const id of waiting) expect(await statusOf(id)).toBe('pending');

    // Resumed from the Jobs page, asked first: the jobs run, the banner goes.
    await page.goto('/dashboard/jobs?type=test_script');
    await page.getByRole('button', { name: 'Resume the test_script queue' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Resume the test_script queue?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Resume the queue' }).click();
    for (const id of waiting) {
      await expect
        .poll(() => page.locator(`tr[data-job-id="${id}"]`).getAttribute('data-state'), SOON)
        .toBe('completed');
    }
    expect(await page.getByRole('region', { name: 'Queue paused' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Pause the test_script queue' }).waitFor();
    await screenshotForDocs(page, 'queue-resumed-jobs');
    const audited = (await d.api('GET', '/api/audit?limit=100')).body.entries as Array<{
      action: string;
      target: string;
    }>;
    expect(audited.filter((e) => e.target === 'test_script').map((e) => e.action)).toEqual(
      expect.arrayContaining(['queue.pause', 'queue.resume']),
    );
  });

  it("follows a pause made elsewhere on an open job's page within seconds, and its end", async () => {
    expect((await d.api('POST', '/api/queues/test_script/pause', { reason: 'from the API' })).status).toBe(200);
    const id = await trigger('test_script');
    await page.goto(`/dashboard/jobs/${id}`);
    await expect.poll(() => page.locator('.job-waiting').textContent(), SOON).toContain('(from the API)');
    // Resumed elsewhere (Bull Board, another admin): the open page shows the job run, without a reload.
    expect((await d.api('POST', '/api/queues/test_script/resume')).status).toBe(200);
    await expect.poll(() => page.locator('h1 .status').textContent(), SOON).toContain('completed');
  });

  it('shows a pause made through another API on an open Overview within seconds, from the event stream, not a poll', async () => {
    await page.goto('/dashboard/');
    const banner = page.getByRole('region', { name: 'Queue paused' });
    await page.locator('tr[data-job-type="test_script"]').waitFor();
    expect(await banner.count()).toBe(0);
    // Every read of the queues the tab makes from here on.
    const queueReads: number[] = [];
    const counting = (request: { url(): string; method(): string }) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === '/api/queues') queueReads.push(Date.now());
    };
    page.on('request', counting);
    try {
      // The in-process API: not the one serving the page (it hears it through NOTIFY).
      const pausedAt = Date.now();
      const res = await d.h.call('POST', '/api/queues/test_script/pause', { reason: 'paused elsewhere' });
      expect(res.statusCode, res.body).toBe(200);
      await banner.filter({ hasText: 'paused elsewhere' }).waitFor({ timeout: 5000 });
      const shownAfter = Date.now() - pausedAt;
      console.info(`banner shown ${shownAfter} ms after the pause`);
      expect(shownAfter).toBeLessThan(3000);
      expect(queueReads).toEqual([]);
      await screenshotForDocs(page, 'queue-paused-by-event');

      const resumed = await d.h.call('POST', '/api/queues/test_script/resume');
      expect(resumed.statusCode, resumed.body).toBe(200);
      await banner.waitFor({ state: 'detached', timeout: 5000 });
      expect(queueReads).toEqual([]);
    } finally {
      page.off('request', counting);
    }
  });
});
