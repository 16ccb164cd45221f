import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 21, finding 8 (Bull Board's CSP): the board's page runs no inline script, so its policy
 * allows none, and it says what may embed it, where its base and forms may point, and no
 * plugins. (apps/dashboard/test/bull-board-csp.test.ts renders it in Chromium under it.)
 */
let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The policy as directive → sources. */
const policyOf = (header: unknown) =>
  Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );

describe("Bull Board's Content-Security-Policy", () => {
  it.each(['/admin/queues', '/admin/queues-view'])(
    'allows no inline script and sets the other guards at %s',
    async (url) => {
      const res = await h.app.inject({ method: 'GET', url, headers: auth });
      expect(res.statusCode).toBe(200);
      const policy = policyOf(res.headers['content-security-policy']);
      expect(policy['script-src']).toEqual(["'self'"]);
      expect(policy['object-src']).toEqual(["'none'"]);
      expect(policy['base-uri']).toEqual(["'self'"]);
      expect(policy['frame-ancestors']).toEqual(["'none'"]);
      expect(policy['form-action']).toEqual(["'self'"]);
      expect(policy['default-src']).toEqual(["'self'"]);
    },
  );

  it('is enough for the page: every script it runs is a file of its own origin', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/admin/queues', headers: auth });
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', body = ''] of scripts) {
      // A JSON data block is not run; anything else must come from a file of the board's.
      if (/type="application\/json"/.test(attributes)) continue;
      expect(attributes).toMatch(/src="static\/js\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(res.body).not.toMatch(/\son[a-z]+="/i);
    // The scripts it names are served, under the same policy.
    const [, first] = /src="(static\/js\/[^"]+\.js)"/.exec(res.body) ?? [];
    const script = await h.app.inject({ method: 'GET', url: `/admin/queues/${first}`, headers: auth });
    expect(script.statusCode).toBe(200);
  });
});
