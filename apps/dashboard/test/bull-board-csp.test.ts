import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { harnessTest as it } from '@scheduler/testing/harness';
import { describe, expect } from 'vitest';

/**
 * Issue 21, finding 8, in Chromium: Bull Board renders and works under its tightened policy
 * (no inline script), and the browser reports no script the policy blocked.
 */
let base: string;

it.beforeAll(async ({ api: h }) => {
  base = await h.app.listen({ host: '127.0.0.1', port: 0 });
  const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
  await h.app.inject({ method: 'POST', url: '/api/jobs/trigger', headers: auth, payload: { jobType: 'test_noop' } });
}, 60_000);

describe('Bull Board under its Content-Security-Policy', () => {
  // No bypassCSP: the page runs under the policy the API sends.
  it('renders its queues with no script blocked', async ({ api: h, context }) => {
    const signIn = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { host: new URL(base).host },
      payload: { serviceKey: TEST_SERVICE_KEY },
    });
    const session = signIn.cookies.find((c) => c.name === 'scheduler_session')?.value as string;
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
  });
});
