import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness, launchBrowser } from '@scheduler/testing/harness';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 21, finding 5, in Chromium: an admin's "End all sessions" (sign out everywhere) ends the dashboard
 * sessions of every browser, its own included. Needs the built dashboard.
 */
let h: ApiHarness;
let base: string;
let browser: Browser;

beforeAll(async () => {
  h = await createApiHarness();
  base = await h.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function signedInBrowser(): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto('/dashboard/');
  await page.getByLabel('Service key').fill(TEST_SERVICE_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  return context;
}

describe('Sign out everywhere', () => {
  it('signs out this browser and every other one', async () => {
    const [mine, other] = [await signedInBrowser(), await signedInBrowser()];
    try {
      const page = mine.pages()[0];
      if (!page) throw new Error('no page');
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'End all sessions' }).click();
      await page.getByLabel('Service key').waitFor();

      const otherPage = other.pages()[0];
      if (!otherPage) throw new Error('no page');
      await otherPage.reload();
      await otherPage.getByLabel('Service key').waitFor();
      expect(await otherPage.getByText('Your session has ended').isVisible()).toBe(true);
    } finally {
      await Promise.all([mine.close(), other.close()]);
    }
  });
});
