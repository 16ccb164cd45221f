import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { type ApiHarness, createApiHarness, launchBrowser } from '@scheduler/testing/harness';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 21, finding 6, in Chromium: signing in on a page whose `next` names another host by one
 * of the tricks browsers read as a host (a backslash, a tab, a newline) stays on this site.
 * Needs the built dashboard (pnpm --filter @scheduler/dashboard build).
 */
let h: ApiHarness;
let base: string;
let browser: Browser;
let phish: Server;
let phishPort: number;
const phished: string[] = [];

beforeAll(async () => {
  h = await createApiHarness();
  base = await h.app.listen({ host: '127.0.0.1', port: 0 });
  // Stands for the other host: it records every visit.
  phish = createServer((request, response) => {
    phished.push(request.url ?? '');
    response.end('phished');
  });
  await new Promise<void>((resolve) => phish.listen(0, '127.0.0.1', resolve));
  phishPort = (phish.address() as AddressInfo).port;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => phish?.close(resolve));
  await h?.close();
});

/** Signs in on /dashboard/?next=<query> in a fresh browser; where the browser ends up. */
async function signInWithNext(query: string): Promise<URL> {
  const context = await browser.newContext({ baseURL: base });
  try {
    const page = await context.newPage();
    await page.goto(`/dashboard/?next=${query}`);
    await page.getByLabel('Service key').fill(TEST_SERVICE_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Either the dashboard (stayed) or a page elsewhere (followed): whichever comes first.
    return await waitFor(
      'the browser to settle after sign-in',
      async () => {
        const url = new URL(page.url());
        if (url.origin !== base) return url;
        if (!url.pathname.startsWith('/dashboard')) return url;
        return (await page.getByRole('heading', { name: 'Overview' }).isVisible()) ? url : null;
      },
      { timeoutMs: 15_000 },
    );
  } finally {
    await context.close();
  }
}

describe('after signing in', () => {
  it.each([
    ['a backslash', (port: number) => `/%5C127.0.0.1:${port}/phish`],
    ['a tab', (port: number) => `/%09/127.0.0.1:${port}/phish`],
    ['a newline', (port: number) => `/%0A/127.0.0.1:${port}/phish`],
    ['a slash and a backslash', (port: number) => `/%5C/127.0.0.1:${port}/phish`],
  ])('stays on the dashboard when next hides another host behind %s', async (_trick, next) => {
    const landed = await signInWithNext(next(phishPort));
    expect(landed.origin).toBe(base);
    expect(landed.pathname).toBe('/dashboard/');
    expect(phished).toEqual([]);
  });

  it('goes back to the page of this site that sent the browser to sign in', async () => {
    const landed = await signInWithNext(encodeURIComponent('/admin/queues'));
    expect(landed.origin).toBe(base);
    expect(landed.pathname).toMatch(/^\/admin\/queues/);
  });
});
