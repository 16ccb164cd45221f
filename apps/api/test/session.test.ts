import { Writable } from 'node:stream';
import { createDashboardSessions } from '@scheduler/db';
import { createClerkSigner, TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessions, SESSION_COOKIE, SESSION_LIFETIME_S } from '../src/session.ts';

const DASHBOARD = 'https://admin.stumbleable.com';
const OWN = 'http://localhost:80';
let h: ApiHarness;
let clerk: Awaited<ReturnType<typeof createClerkSigner>>;
const logLines: string[] = [];

beforeAll(async () => {
  clerk = await createClerkSigner();
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  h = await createApiHarness(
    { CLERK_JWT_KEY: clerk.publicKeyPem, CLERK_ISSUER: clerk.issuer, ALLOWED_ORIGINS: DASHBOARD, LOG_LEVEL: 'debug' },
    { logStream },
  );
  await h.db.sql`INSERT INTO users (clerk_user_id, email, role) VALUES ('user_admin', 'a@example.com', 'admin')`;
  await h.app.inject({
    method: 'PUT',
    url: '/api/schedules/nightly',
    headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
    payload: { jobType: 'test_noop', cron: '0 3 * * *' },
  });
});
afterAll(async () => {
  await h?.close();
});

const signIn = (serviceKey: string, headers: Record<string, string> = {}) =>
  h.app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { host: 'localhost:80', ...headers },
    payload: { serviceKey },
  });
const sessionCookie = (res: { cookies: Array<{ name: string; value: string }> }) =>
  res.cookies.find((c) => c.name === SESSION_COOKIE)?.value as string;
/** Sessions as the API issues them, on the test's database (to make old or foreign ones). */
const sessionsOf = (serviceKey: string) => createSessions({ serviceKey, store: createDashboardSessions(h.db.sql) });
const jobCount = async () => Number((await h.db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`)[0]?.n);

describe('signing in to the dashboard with the service key', () => {
  it('exchanges the key for an HttpOnly, SameSite=Strict session cookie, Secure over https', async () => {
    const res = await signIn(TEST_SERVICE_KEY);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ principal: { kind: 'service', canWrite: true }, expiresAt: expect.any(String) });
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: SESSION_LIFETIME_S });
    expect(cookie?.secure).toBeFalsy();
    expect(res.body).not.toContain(TEST_SERVICE_KEY);
    expect(cookie?.value).not.toContain(TEST_SERVICE_KEY);

    const overTls = await signIn(TEST_SERVICE_KEY, { 'x-forwarded-proto': 'https' });
    expect(overTls.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
  });

  it('refuses a wrong key and sets nothing; the key never reaches the log or the audit trail', async () => {
    const res = await signIn('not-the-key-but-a-secret-guess');
    expect(res.statusCode).toBe(401);
    expect(res.cookies).toEqual([]);
    const log = logLines.join('');
    expect(log).not.toContain(TEST_SERVICE_KEY);
    expect(log).not.toContain('not-the-key-but-a-secret-guess');
    const audit = await h.db.sql`SELECT details FROM scheduler_audit_log WHERE action = 'session.create'`;
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(TEST_SERVICE_KEY);
  });

  it('opens the API, the API docs, Bull Board and the event stream in a browser', async () => {
    const cookies = { [SESSION_COOKIE]: sessionCookie(await signIn(TEST_SERVICE_KEY)) };
    const me = await h.app.inject({ method: 'GET', url: '/api/session', cookies });
    expect(me.json()).toMatchObject({ principal: { kind: 'service' }, credential: 'cookie' });
    for (const url of ['/api/jobs', '/docs/json', '/admin/queues', '/admin/queues-view']) {
      const res = await h.app.inject({ method: 'GET', url, cookies });
      expect(res.statusCode, url).toBe(200);
    }
    expect((await h.app.inject({ method: 'GET', url: '/api/jobs' })).statusCode).toBe(401);
  });

  it('signs out by clearing the cookie', async () => {
    const res = await h.app.inject({ method: 'DELETE', url: '/api/session' });
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime()).toBeLessThan(Date.now());
  });

  it('takes no altered, foreign or expired session', async () => {
    const good = sessionCookie(await signIn(TEST_SERVICE_KEY));
    const altered = `${good.slice(0, -3)}${good.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`;
    const foreign = (await sessionsOf('another-service-key-0123456789abcdef').issue()).token;
    const expired = (await sessionsOf(TEST_SERVICE_KEY).issue(new Date(Date.now() - 2 * SESSION_LIFETIME_S * 1000)))
      .token;
    for (const value of [altered, foreign, expired]) {
      const res = await h.app.inject({ method: 'GET', url: '/api/jobs', cookies: { [SESSION_COOKIE]: value } });
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toBe('The session has expired: sign in again');
    }
  });

  it('renews a session used past half its life', async () => {
    const old = await sessionsOf(TEST_SERVICE_KEY).issue(new Date(Date.now() - 0.6 * SESSION_LIFETIME_S * 1000));
    const res = await h.app.inject({ method: 'GET', url: '/api/jobs', cookies: { [SESSION_COOKIE]: old.token } });
    expect(res.statusCode).toBe(200);
    const renewed = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(renewed?.value).toBeTruthy();
    expect(renewed?.value).not.toBe(old.token);
    const fresh = await h.app.inject({
      method: 'GET',
      url: '/api/jobs',
      cookies: { [SESSION_COOKIE]: sessionCookie(await signIn(TEST_SERVICE_KEY)) },
    });
    expect(fresh.cookies).toEqual([]);
  });
});

describe('cross-site requests', () => {
  const post = async (url: string, headers: Record<string, string>, cookies: Record<string, string> = {}) =>
    h.app.inject({ method: 'POST', url, headers: { host: 'localhost:80', ...headers }, cookies });
  let session: Record<string, string>;
  let clerkSession: Record<string, string>;
  beforeAll(async () => {
    session = { [SESSION_COOKIE]: sessionCookie(await signIn(TEST_SERVICE_KEY)) };
    clerkSession = { __session: await clerk.token({ sub: 'user_admin', role: 'admin', azp: DASHBOARD }) };
  });

  it.each([
    ['the dashboard session', () => session],
    ['a Clerk session', () => clerkSession],
  ])('refuses a change riding on %s from another site, and changes nothing', async (_what, cookies) => {
    const before = await jobCount();
    for (const url of ['/api/schedules/nightly/run', '/api/jobs/00000000-0000-4000-8000-000000000000/cancel']) {
      const evil = await post(url, { origin: 'http://evil.example' }, cookies());
      expect(evil.statusCode, url).toBe(403);
      expect(evil.json().error).toBe('cross_site_request');
      // No Origin and no Sec-Fetch-Site: not a page of ours either.
      expect((await post(url, {}, cookies())).statusCode, url).toBe(403);
    }
    expect(await jobCount()).toBe(before);
    const audit = await h.db.sql`SELECT count(*)::int AS n FROM scheduler_audit_log WHERE status_code = 202`;
    expect(audit[0]?.n).toBe(0);
  });

  it('lets changes through from the API’s own pages and the allowed origins, and never asks it of headers', async () => {
    const own = await post('/api/schedules/nightly/run', { origin: OWN }, session);
    expect(own.statusCode).toBe(202);
    const sameOrigin = await post('/api/schedules/nightly/run', { 'sec-fetch-site': 'same-origin' }, session);
    expect(sameOrigin.statusCode).toBe(202);
    const dashboard = await post('/api/schedules/nightly/run', { origin: DASHBOARD }, clerkSession);
    expect(dashboard.statusCode).toBe(202);
    // A service sending its key in a header is no browser: Origin does not matter.
    const service = await post('/api/schedules/nightly/run', {
      origin: 'http://evil.example',
      authorization: `Bearer ${TEST_SERVICE_KEY}`,
    });
    expect(service.statusCode).toBe(202);
  });
});
