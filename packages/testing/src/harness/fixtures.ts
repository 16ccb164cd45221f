import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { test } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../index.ts';
import { type ApiHarness, createApiHarness } from './api-harness.ts';
import { launchBrowser } from './browser.ts';
import { createHarness, type Harness } from './harness.ts';

// Vitest fixtures (test.extend) for the shapes app tests repeat: what a test names in its
// context is set up on first use and closed after it (per file or per test), so a file no
// longer pairs a `let` with a beforeAll that makes it and an afterAll that closes it.
// The plain functions (createHarness, createApiHarness, openDashboard) stay for the rest.

/**
 * The fixtures of an app's test, each set up only when a test (or a hook) names it:
 * - `h`: one harness for the file (API in process, stand-ins, workers on demand), with the
 *   environment `harnessEnv` (set it with `harnessTest.override('harnessEnv', {...})` at the
 *   file's top);
 * - `api`: the API alone in process for the file, on its own database, environment `apiEnv`;
 * - `browser`: Chromium for the file; `context` and `page`: a browser context of its own for
 *   each test (options `contextOptions`) and a tab in it, closed after the test.
 */
export const harnessTest = test
  .extend('harnessEnv', { scope: 'file' }, {} as Record<string, string>)
  .extend('h', { scope: 'file' }, async ({ harnessEnv }, { onCleanup }): Promise<Harness> => {
    const h = await createHarness(harnessEnv);
    onCleanup(() => h.close());
    return h;
  })
  .extend('apiEnv', { scope: 'file' }, {} as Record<string, string>)
  .extend('api', { scope: 'file' }, async ({ apiEnv }, { onCleanup }): Promise<ApiHarness> => {
    const api = await createApiHarness(apiEnv);
    onCleanup(() => api.close());
    return api;
  })
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from this pattern
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }): Promise<Browser> => {
    const browser = await launchBrowser();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('contextOptions', {} as BrowserContextOptions)
  .extend('context', async ({ browser, contextOptions }, { onCleanup }): Promise<BrowserContext> => {
    const context = await browser.newContext(contextOptions);
    onCleanup(() => context.close());
    return context;
  })
  .extend('page', async ({ context }): Promise<Page> => context.newPage());

export const POSTGRES = { host: '127.0.0.1', port: 5432 };
export const REDIS = { host: '127.0.0.1', port: 6379 };

export interface FaultWorld {
  h: Harness;
  proxy: FaultProxy;
}

/**
 * `world`: a fault test's world, fresh for each test: a harness and a fault proxy in front of
 * `faultTarget` (POSTGRES by default; override it per file or describe), for the processes the
 * test points at it. The harness closes before the proxy, so nothing is left talking through it.
 */
export const faultTest = test
  .extend('faultTarget', POSTGRES as { host: string; port: number })
  .extend('harnessEnv', {} as Record<string, string>)
  .extend('world', async ({ faultTarget, harnessEnv }, { onCleanup }): Promise<FaultWorld> => {
    const h = await createHarness(harnessEnv);
    const proxy = await startFaultProxy(faultTarget).catch(async (error) => {
      await h.close();
      throw error;
    });
    onCleanup(async () => {
      await h.close();
      await proxy.close();
    });
    return { h, proxy };
  });
