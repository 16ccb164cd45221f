import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness, launchBrowser } from '@scheduler/testing/harness';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 21, finding 8, in Chromium: Bull Board renders and works under its tightened policy
 * (no inline script), and the browser reports no script the policy blocked.
 */
let h: ApiHarness;
let base: string;
let browser: Browser;

beforeAll(async () => {
  h = await createApiHarness();
  base = await h.app.listen({ host: '127.0.0.1', port: 0 });
  const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
  await h.app.inject({ method: 'POST', url: '/api/jobs/trigger', headers: auth, payload: { jobType: 'test_noop' } });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('Bull Board under its Content-Security-Policy', () => {
  it('renders its queues with no script blocked', async () => {
    const signIn = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { host: new URL(base).host },
      payload: { serviceKey: TEST_SERVICE_KEY },
    });
    const session = signIn.cookies.find((c) => c.name === 'scheduler_session')?.value as string;
    // No bypassCSP: the page runs under the policy the API sends.
    const context = await browser.newContext();
    try {
      await context.addCookies([{ name: 'scheduler_session', value: session, url: base }]);
      const page = await context.newPage();
      const violations: string[] = [];
      await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as unknown as { reportViolation(v: string): void }).reportViolation(
            `${e.effectiveDirective} ${e.blockedURI}`,
          );
        });
      });
      const response = await page.goto(`${base}/admin/queues`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");
      // The board is a script-built page: seeing a queue's name means its scripts ran.
      await page.getByText('test_noop').first().waitFor({ timeout: 15_000 });
      const scriptViolations = violations.filter((v) => v.startsWith('script-src'));
      expect(scriptViolations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
