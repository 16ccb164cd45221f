import { type ApiHarness, createApiHarness, launchBrowser } from '@scheduler/testing/harness';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';

/**
 * The sign-in page offers Clerk only where the API is set up with it (it says so in
 * /api/session/options). Needs the built dashboard (pnpm --filter @scheduler/dashboard build).
 */
const CLERK_KEY = `pk_live_${Buffer.from('clerk.stumbleable.com$').toString('base64')}`;
let keyOnly: ApiHarness;
let withClerk: ApiHarness;
let browser: Browser;

beforeAll(async () => {
  keyOnly = await createApiHarness();
  withClerk = await createApiHarness({ CLERK_PUBLISHABLE_KEY: CLERK_KEY });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await keyOnly?.close();
  await withClerk?.close();
});

/** The sign-in page of an API, as a signed-out visitor sees it. */
async function signInPage(api: ApiHarness) {
  const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  // Clerk's servers are not reachable from a test: its widget is not what is checked here.
  await page.route(/clerk\.stumbleable\.com/, (route) => route.abort());
  await page.goto('/dashboard/');
  await page.getByLabel('Service key').waitFor();
  return { page, context };
}

describe('the sign-in page', () => {
  it('without Clerk, mentions only the service key', async () => {
    const { page, context } = await signInPage(keyOnly);
    try {
      await page.locator('.sign-in p.muted').waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('The service key is in .local/service-key');
      expect(text).not.toMatch(/Stumbleable account|signed in to Stumbleable|come straight in/);
      expect(await page.getByTestId('clerk-sign-in').count()).toBe(0);
      await screenshot(page, 'sign-in-key-only');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('with Clerk, offers the Stumbleable account first', async () => {
    const { page, context } = await signInPage(withClerk);
    try {
      await page.getByRole('heading', { name: 'With your Stumbleable account' }).waitFor();
      expect(await page.locator('main').textContent()).toContain('Admins signed in to Stumbleable come straight in.');
    } finally {
      await context.close();
    }
  });
});
