import { type Dashboard, openDashboard } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The job list's filters, rows and pager in Chromium against the real API (no worker: jobs stay queued). */
let d: Dashboard;
let page: Page;

beforeAll(async () => {
  d = await openDashboard({ width: 1440, height: 900 }, { worker: false });
  page = d.page;
  // More than two pages of 25.
  for (let i = 0; i < 55; i++) await d.api('POST', '/api/jobs/trigger', { jobType: 'test_noop' });
}, 90_000);
afterAll(async () => {
  await d?.close();
});

const idsOf = () => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id')));
const afterParam = () => new URL(page.url()).searchParams.get('after');

/** Each text field's placeholder, and whether it fits the field as drawn. */
const placeholdersFit = () =>
  page.locator('.search-bar input[placeholder]').evaluateAll((inputs) =>
    inputs.map((input) => {
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
      const text = (input as HTMLInputElement).placeholder;
      return { text, fits: context.measureText(text).width <= room };
    }),
  );

describe('the jobs page', () => {
  it('shows its search’s placeholder whole at 1440 and 1280 wide', async () => {
    await page.goto('/dashboard/jobs');
    await page.locator('tbody tr').first().waitFor();
    for (const width of [1440, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const shown = await placeholdersFit();
      expect(shown.length).toBe(1);
      expect(shown).toEqual(shown.map(({ text }) => ({ text, fits: true })));
    }
  });

  it('sets the short id on the row’s baseline', async () => {
    await page.goto('/dashboard/jobs');
    await page.locator('tbody tr').first().waitFor();
    // An empty inline-block sits on the baseline of the line it is put in.
    const baselines = await page
      .locator('tbody tr')
      .first()
      .evaluate((row) => {
        const baselineOf = (inside: Element) => {
          const mark = document.createElement('span');
          mark.style.display = 'inline-block';
          inside.append(mark);
          const y = mark.getBoundingClientRect().bottom;
          mark.remove();
          return y;
        };
        // The first cell is the row's checkbox (bulk actions), then status, type, id, created.
        const cells = row.querySelectorAll('td');
        return {
          id: baselineOf(row.querySelector('.short-id') as Element),
          type: baselineOf(cells[2]?.querySelector('a') as Element),
          created: baselineOf(cells[4] as Element),
        };
      });
    expect(Math.abs(baselines.id - baselines.type)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(baselines.id - baselines.created)).toBeLessThanOrEqual(0.5);
  });

  it('names the newer-pages button by where it goes: one page back, or the newest page after a reload', async () => {
    await page.goto('/dashboard/jobs');
    await expect.poll(async () => (await idsOf()).length).toBe(25);
    const first = await idsOf();
    const newer = page.locator('.pager button').first();
    expect(await newer.textContent()).toBe('Newer');
    expect(await newer.isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(afterParam).toBeTruthy();
    // Page 2: one page newer is the first page, and it says Newer.
    expect(await newer.textContent()).toBe('Newer');
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(async () => (await idsOf()).length).toBe(5);
    expect(await newer.textContent()).toBe('Newer');
    const third = await idsOf();

    // Page 3 read again: the way back is gone, the button goes to the newest page and says so.
    await page.reload();
    await expect.poll(idsOf).toEqual(third);
    expect(await newer.textContent()).toBe('Newest');
    await newer.click();
    await expect.poll(afterParam).toBeNull();
    await expect.poll(idsOf).toEqual(first);
    expect(await newer.textContent()).toBe('Newer');
  });
});
