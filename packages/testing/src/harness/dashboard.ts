import type { WorkerRuntime } from '@scheduler/worker';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_SERVICE_KEY } from '../index.ts';
import { launchBrowser } from './browser.ts';
import { createHarness, type Harness } from './harness.ts';

const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

export interface Dashboard {
  h: Harness;
  base: string;
  browser: Browser;
  context: BrowserContext;
  /** A tab signed in with the service key. */
  page: Page;
  /** The worker in this process (null without one): a test may stop it and start another. */
  worker: WorkerRuntime | null;
  /** The API as a service calls it (with the key), for arranging what a test needs. */
  api(
    method: string,
    path: string,
    body?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: answers of many routes, read field by field
  ): Promise<{ status: number; body: Record<string, any> }>;
  close(): Promise<void>;
}

/**
 * The real API (its own process, serving the built dashboard), a worker, the stand-ins and
 * Chromium, with one tab signed in with the service key as a person would.
 */
export async function openDashboard(
  viewport = { width: 1280, height: 900 },
  { worker = true, env = {} }: { worker?: boolean; env?: Record<string, string> } = {},
): Promise<Dashboard> {
  const h = await createHarness(env);
  const { url: base } = await h.spawnApi({ ALLOWED_ORIGINS: 'http://127.0.0.1' });
  const runtime = worker ? await h.startWorker() : null;
  const browser = await launchBrowser();
  // bypassCSP only lets the test inject axe-core; the pages run under the API's CSP otherwise.
  const context = await browser.newContext({ baseURL: base, viewport, bypassCSP: true });
  const page = await context.newPage();
  await page.goto('/dashboard/');
  await page.getByLabel('Service key').fill(TEST_SERVICE_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  return {
    h,
    base,
    browser,
    context,
    page,
    worker: runtime,
    async api(method, path, body) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
    },
    async close() {
      await browser.close();
      await h.close();
    },
  };
}
