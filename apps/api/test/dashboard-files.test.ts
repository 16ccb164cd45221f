import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let built: ApiHarness;
let missing: ApiHarness;
let withClerk: ApiHarness;
const CLERK_KEY = `pk_live_${Buffer.from('clerk.stumbleable.com$').toString('base64')}`;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  built = await createApiHarness({ DASHBOARD_DIR: dir });
  missing = await createApiHarness({ DASHBOARD_DIR: join(dir, 'nowhere') });
  withClerk = await createApiHarness({ DASHBOARD_DIR: dir, CLERK_PUBLISHABLE_KEY: CLERK_KEY });
});
afterAll(async () => {
  await built?.close();
  await missing?.close();
  await withClerk?.close();
});

describe('the dashboard files', () => {
  it('serves the page for every dashboard path (never cached) and hashed assets cached for good', async () => {
    for (const url of ['/dashboard/', '/dashboard/jobs/4f1507db-6523-47dc-8e6a-1124188ea2ea', '/dashboard/schedules']) {
      const page = await built.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['cache-control']).toBe('no-cache');
    }
    const asset = await built.app.inject({ method: 'GET', url: '/dashboard/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await built.app.inject({ method: 'GET', url: '/dashboard/assets/index-old.js' })).statusCode).toBe(404);
    const bare = await built.app.inject({ method: 'GET', url: '/dashboard' });
    expect([bare.statusCode, bare.headers.location]).toEqual([302, '/dashboard/']);
  });

  it('sends a browser that is not signed in from /docs or Bull Board to sign in, and back', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/admin/queues', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/dashboard/?next=%2Fadmin%2Fqueues');
    const api = await built.app.inject({ method: 'GET', url: '/api/jobs', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(401);
  });

  it("lets the page reach Clerk's Frontend API when admins sign in with Clerk, and nothing else", async () => {
    const options = await withClerk.app.inject({ method: 'GET', url: '/api/session/options' });
    expect(options.json()).toEqual({ clerkPublishableKey: CLERK_KEY, serviceKeySignIn: true });
    const page = await withClerk.app.inject({ method: 'GET', url: '/dashboard/' });
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("connect-src 'self' https://clerk.stumbleable.com");
    expect(csp).toContain("script-src 'self' https://clerk.stumbleable.com https://challenges.cloudflare.com");
    const without = await built.app.inject({ method: 'GET', url: '/dashboard/' });
    expect(without.headers['content-security-policy']).not.toContain('clerk');
    expect(
      (await built.app.inject({ method: 'GET', url: '/api/session/options' })).json().clerkPublishableKey,
    ).toBeNull();
  });

  it('says how to build it when it is not built', async () => {
    const res = await missing.app.inject({ method: 'GET', url: '/dashboard/' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'dashboard_not_built' });
  });
});
