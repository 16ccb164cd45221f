import { waitFor } from '@scheduler/testing';
import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotForDocs, seriousViolationsInBothSchemes } from './browser.ts';

/**
 * Issue 25's history charts in Chromium against the real API and worker, with jobs flowing: the
 * Overview's sparklines, a type's charts per minute and per hour, and uPlot loaded by the
 * history view alone.
 */
let d: Dashboard;
let page: Page;
/** Every request the tab makes, by path. */
const requested: string[] = [];
const HOUR = 3_600_000;

const trigger = (payload: Record<string, unknown>) =>
  d.api('POST', '/api/jobs/trigger', { jobType: 'test_script', payload });
const finishedCount = async () =>
  Number(
    (
      await d.h.db.sql`SELECT count(*)::int AS n FROM scheduled_jobs
                      WHERE job_type = 'test_script' AND status IN ('completed', 'failed', 'cancelled')`
    )[0]?.n,
  );
/** Whether a canvas of the chart has anything drawn on it. */
const drawnPixels = (chart: string) =>
  page.evaluate((selector) => {
    const canvas = document.querySelector(`${selector} canvas`) as HTMLCanvasElement | null;
    if (!canvas) return 0;
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let drawn = 0;
    for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) drawn++;
    return drawn;
  }, `[data-chart="${chart}"]`);
const chartChunks = () => requested.filter((path) => /\/assets\/HistoryChart-[^/]+\.js$/.test(path));

beforeAll(async () => {
  d = await openDashboard();
  page = d.page;
  page.setDefaultTimeout(20_000);
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  // Folded hours of the last 30 days, as the worker leaves them (minutes older than 48 h).
  const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
  for (let day = 2; day < 30; day++) {
    await d.h.db.sql`INSERT INTO job_history_hours (hour, job_type, completed, failed, durations)
                     VALUES (${new Date(thisHour - day * 24 * HOUR)}, 'test_script', ${20 + day}, ${day % 4},
                             ${`{${[...Array(30).fill(0), 5, 10, 3].join(',')}}`}::int[])`;
  }
  // Jobs of known lengths, a few failing for good.
  await Promise.all([
    ...Array.from({ length: 12 }, (_, i) => trigger({ sleepMs: 100 + i * 20 })),
    ...Array.from({ length: 3 }, () => trigger({ failTimes: 5, errorMessage: 'scripted for the charts' })),
  ]);
  await waitFor('the jobs to finish', async () => (await finishedCount()) >= 15, { timeoutMs: 20_000 });
  // The API shares its answers for up to 5 s: wait for one that has them.
  await waitFor(
    'the sparklines to count them',
    async () => {
      const { body } = await d.api('GET', '/api/history/sparklines');
      const script = body.types.find((t: { jobType: string }) => t.jobType === 'test_script');
      return script.finished.reduce((s: number, n: number) => s + n, 0) === 15;
    },
    { timeoutMs: 10_000 },
  );
}, 90_000);
afterAll(async () => {
  await d?.close();
});

describe('history charts', () => {
  it('shows a sparkline per type on the Overview, without loading the chart library', async () => {
    requested.length = 0;
    await page.goto('/dashboard/');
    const spark = page.locator('[data-sparkline="test_script"]');
    await spark.getByText(/15 finished, 3 failed/).waitFor();
    // The line has a point per hour, the last one up.
    const points = (await spark.locator('polyline.sparkline-line').getAttribute('points'))?.split(' ') ?? [];
    expect(points).toHaveLength(24);
    expect(Number(points.at(-1)?.split(',')[1])).toBeLessThan(Number(points[0]?.split(',')[1]));
    expect(await spark.locator('polyline.sparkline-marks').count()).toBe(1);
    // Every type is listed, those without jobs with a flat line.
    await page.locator('[data-sparkline="weekly_digest"]').getByText('0 finished').waitFor();
    expect(chartChunks()).toEqual([]);
    // One read, and one more when the event stream opens (every answer is read again then);
    // events do not read them.
    expect(requested.filter((path) => path === '/api/history/sparklines').length).toBeLessThanOrEqual(2);
    await screenshotForDocs(page, 'history-overview-sparklines');
    expect(await seriousViolationsInBothSchemes(page)).toEqual({});
  });

  it('draws a type’s throughput, failures and p50/p95 per minute, and loads uPlot once for it', async () => {
    // Jobs keep flowing while the view is open.
    const flowing = setInterval(() => void trigger({ sleepMs: 50 }), 400);
    try {
      await page.locator('[data-sparkline="test_script"]').getByRole('link', { name: 'test_script history' }).click();
      await page.getByRole('heading', { name: 'test_script: history' }).waitFor();
      await page.locator('[data-chart="throughput"] canvas').first().waitFor();
      await page.locator('[data-chart="duration"] canvas').first().waitFor();
      await expect.poll(() => drawnPixels('throughput')).toBeGreaterThan(500);
      await expect.poll(() => drawnPixels('duration')).toBeGreaterThan(500);
      expect(chartChunks()).toHaveLength(1);
      // Jobs ending while it is open do not read the history per event (it is read every 30 s).
      const historyReads = () => requested.filter((path) => path === '/api/job-types/test_script/history').length;
      const readsBefore = historyReads();
      await page.waitForTimeout(3000);
      expect(historyReads() - readsBefore).toBeLessThanOrEqual(1);

      // The same figures in words (the charts' names to assistive technology) and as a table.
      const summary = (await page.locator('[data-history-summary]').textContent()) ?? '';
      expect(summary).toMatch(/Last 24 hours: \d+ finished \(\d+ completed, 3 failed, 0 cancelled\)/);
      expect(await page.locator('[data-chart="throughput"] [role="img"]').getAttribute('aria-label')).toContain(
        'finished',
      );
      await page.getByText(/The figures per minute/).click();
      const rows = page.locator('.history-table tbody tr');
      expect(await rows.count()).toBeGreaterThan(0);
      expect((await rows.first().textContent()) ?? '').toMatch(/\d+ ms|\d\.\d s/);
      await screenshotForDocs(page, 'history-24h');
      expect(await seriousViolationsInBothSchemes(page)).toEqual({});
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => drawnPixels('throughput')).toBeGreaterThan(500);
      await screenshotForDocs(page, 'history-24h-dark');
      await page.emulateMedia({ colorScheme: 'light' });
    } finally {
      clearInterval(flowing);
    }
  });

  it('switches to 30 days per hour, in the URL, with the folded hours', async () => {
    await page.getByRole('button', { name: '30 days, per hour' }).click();
    await page.waitForURL(/range=30d/);
    await page.getByText(/Last 30 days: /).waitFor();
    const summary = (await page.locator('[data-history-summary]').textContent()) ?? '';
    const finished = Number(/Last 30 days: ([\d,]+) finished/.exec(summary)?.[1]?.replace(/,/g, ''));
    // 28 folded days of 22–49 completed and 0–3 failed, plus today's.
    expect(finished).toBeGreaterThan(28 * 22);
    await expect.poll(() => drawnPixels('throughput')).toBeGreaterThan(500);
    expect(chartChunks()).toHaveLength(1);
    await screenshotForDocs(page, 'history-30d');
    // A reload keeps the range.
    await page.reload();
    await page.getByText(/Last 30 days: /).waitFor();
    expect(await page.getByRole('button', { name: '30 days, per hour' }).getAttribute('aria-pressed')).toBe('true');
  });
});
