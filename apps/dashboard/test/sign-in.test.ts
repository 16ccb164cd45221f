import { type ApiHarness, createApiHarness, harnessTest } from '@scheduler/testing/harness';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';

/**
 * The sign-in page offers Clerk only where the API is set up with it (it says so in
 * /api/session/options). Needs the built dashboard (pnpm --filter @scheduler/dashboard build).
 */
const CLERK_KEY = `pk_live_${Buffer.from('clerk.stumbleable.com$').toString('base64')}`;
/** Two APIs, one set up with Clerk: each is started for the first test that names it. */
const it = harnessTest
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from this pattern
  .extend('keyOnly', { scope: 'file' }, async ({}, { onCleanup }) => {
    const api = await createApiHarness();
    onCleanup(() => api.close());
    return api;
  })
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from this pattern
  .extend('withClerk', { scope: 'file' }, async ({}, { onCleanup }) => {
    const api = await createApiHarness({ CLERK_PUBLISHABLE_KEY: CLERK_KEY });
    onCleanup(() => api.close());
    return api;
  });
it.override('contextOptions', { viewport: { width: 1280, height: 800 }, bypassCSP: true });

/** Opens the sign-in page of an API in the tab, as a signed-out visitor sees it. */
async function openSignIn(page: Page, api: ApiHarness) {
  const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  // Clerk's servers are not reachable from a test: its widget is not what is checked here.
  await page.route(/clerk\.stumbleable\.com/, (route) => route.abort());
  await page.goto(`${base}/dashboard/`);
  await page.getByLabel('Service key').waitFor();
}

describe('the sign-in page', () => {
  it('without Clerk, mentions only the service key', async ({ page, keyOnly }) => {
    await openSignIn(page, keyOnly);
    await page.locator('.sign-in p.muted').waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('The service key is in .local/service-key');
    expect(text).not.toMatch(/Stumbleable account|signed in to Stumbleable|come straight in/);
    expect(await page.getByTestId('clerk-sign-in').count()).toBe(0);
    await screenshot(page, 'sign-in-key-only');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('with Clerk, offers the Stumbleable account first', async ({ page, withClerk }) => {
    await openSignIn(page, withClerk);
    await page.getByRole('heading', { name: 'With your Stumbleable account' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Admins signed in to Stumbleable come straight in.');
  });
});
