import { createDashboardSessions, createUserDirectory } from '@scheduler/db';
import { createClerkSigner, TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authPlugin } from '../../src/plugins/auth.ts';
import { createSessions, SESSION_COOKIE, wantsRenewal } from '../../src/session.ts';

/**
 * Issue 21, finding 5: a dashboard session is a server-side record that sign-out, "sign out
 * everywhere" and its absolute lifetime end, whatever the cookie says.
 */
const OWN = { host: 'localhost:80', origin: 'http://localhost:80' };
const ABSOLUTE_MS = 3000;
let h: ApiHarness;
let short: ApiHarness;

beforeAll(async () => {
  [h, short] = await Promise.all([
    createApiHarness(),
    createApiHarness({ SESSION_ABSOLUTE_LIFETIME_MS: String(ABSOLUTE_MS) }),
  ]);
});
afterAll(async () => {
  await Promise.all([h?.close(), short?.close()]);
});

async function signIn(on: ApiHarness = h): Promise<Record<string, string>> {
  const res = await on.app.inject({
    method: 'POST',
    url: '/api/session',
    headers: OWN,
    payload: { serviceKey: TEST_SERVICE_KEY },
  });
  expect(res.statusCode).toBe(200);
  return { [SESSION_COOKIE]: res.cookies.find((c) => c.name === SESSION_COOKIE)?.value as string };
}
const whoAmI = (cookies: Record<string, string>, on: ApiHarness = h) =>
  on.app.inject({ method: 'GET', url: '/api/session', cookies });
const trigger = (cookies: Record<string, string>) =>
  h.app.inject({ method: 'POST', url: '/api/jobs/trigger', headers: OWN, cookies, payload: { jobType: 'test_noop' } });
const signOut = (cookies: Record<string, string>) =>
  h.app.inject({ method: 'DELETE', url: '/api/session', headers: OWN, cookies });
const jobCount = async () => Number((await h.db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`)[0]?.n);

describe('signing out', () => {
  it('ends the session: the old cookie reads and writes nothing afterwards', async () => {
    const cookies = await signIn();
    expect((await whoAmI(cookies)).statusCode).toBe(200);
    expect((await trigger(cookies)).statusCode).toBe(202);

    expect((await signOut(cookies)).statusCode).toBe(204);
    const me = await whoAmI(cookies);
    expect(me.statusCode).toBe(401);
    expect(me.json()).toEqual({ error: 'unauthorized', message: 'The session has expired: sign in again' });
    const before = await jobCount();
    expect((await trigger(cookies)).statusCode).toBe(401);
    expect(await jobCount()).toBe(before);
  });

  it('ends only that session', async () => {
    const [mine, theirs] = [await signIn(), await signIn()];
    await signOut(mine);
    expect((await whoAmI(mine)).statusCode).toBe(401);
    expect((await whoAmI(theirs)).statusCode).toBe(200);
  });
});

describe('signing out everywhere', () => {
  it('ends every session, needs write access and is audited', async () => {
    const [a, b, admin] = [await signIn(), await signIn(), await signIn()];
    expect((await h.app.inject({ method: 'DELETE', url: '/api/sessions', headers: OWN })).statusCode).toBe(401);

    const res = await h.app.inject({ method: 'DELETE', url: '/api/sessions', headers: OWN, cookies: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json().revoked).toBeGreaterThanOrEqual(3);
    // The caller's own cookie is cleared too: it was one of them.
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    for (const cookies of [a, b, admin]) expect((await whoAmI(cookies)).statusCode).toBe(401);

    // The audit row is written once the answer has gone (an onResponse hook).
    const row = await waitFor('the audit row', async () => {
      const [found] = await h.db.sql`
        SELECT actor_kind, status_code FROM scheduler_audit_log WHERE action = 'session.revoke_all' ORDER BY id DESC LIMIT 1`;
      return found;
    });
    expect(row).toEqual({ actor_kind: 'service', status_code: 200 });
    // The service key in a header still works: it is not a session.
    const keyed = await h.app.inject({
      method: 'DELETE',
      url: '/api/sessions',
      headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
    });
    expect(keyed.json()).toEqual({ revoked: 0 });
  });
});

describe('the absolute lifetime', () => {
  it('ends a session that far after sign-in, however often it is used', async () => {
    const signedInAt = Date.now();
    const cookies = await signIn(short);
    const { exp, jti } = decodeJwt(cookies[SESSION_COOKIE] as string);
    // The cookie itself says so, not only the server's record.
    expect((exp as number) * 1000).toBeLessThanOrEqual(signedInAt + ABSOLUTE_MS + 1000);
    // Used all the time, it still ends.
    const endedAt = await waitFor(
      'the session to end',
      async () => ((await whoAmI(cookies, short)).statusCode === 401 ? Date.now() : null),
      { timeoutMs: ABSOLUTE_MS + 5000, intervalMs: 200 },
    );
    expect(endedAt - signedInAt).toBeGreaterThanOrEqual(ABSOLUTE_MS - 1000);
    expect(jti).toEqual(expect.any(String));
  });
});

describe('what the auth plugin tells long-lived requests', () => {
  // The auth plugin alone, with a route that shows what it set on the request.
  let probe: FastifyInstance;
  let clerk: Awaited<ReturnType<typeof createClerkSigner>>;
  beforeAll(async () => {
    clerk = await createClerkSigner();
    probe = Fastify();
    await probe.register(authPlugin, {
      serviceKey: TEST_SERVICE_KEY,
      users: createUserDirectory(h.db.sql),
      sessions: createSessions({ serviceKey: TEST_SERVICE_KEY, store: createDashboardSessions(h.db.sql) }),
      allowedOrigins: [],
      clerk: {
        jwtKey: clerk.publicKeyPem,
        authorizedParties: ['http://localhost:80'],
        claims: { issuer: clerk.issuer, maxLifetimeS: 3600 },
      },
    });
    probe.get('/probe', { onRequest: probe.requireAccess('read') }, async (request) => ({
      principalKey: request.principalKey,
      authExpiresAt: request.authExpiresAt?.toISOString() ?? null,
      stillAuthenticated: await probe.stillAuthenticated(request),
    }));
    await probe.ready();
  });
  afterAll(async () => {
    await probe?.close();
  });
  const ask = (options: { headers?: Record<string, string>; cookies?: Record<string, string> }) =>
    probe.inject({ method: 'GET', url: '/probe', ...options }).then((res) => res.json());

  it('names the caller and when its credential ends, for each kind of credential', async () => {
    expect(await ask({ headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` } })).toEqual({
      principalKey: 'service',
      authExpiresAt: null,
      stillAuthenticated: true,
    });
    const cookies = await signIn();
    const { jti, exp } = decodeJwt(cookies[SESSION_COOKIE] as string);
    expect(await ask({ cookies })).toEqual({
      principalKey: `session:${jti}`,
      authExpiresAt: new Date((exp as number) * 1000).toISOString(),
      stillAuthenticated: true,
    });
    const token = await clerk.token({ sub: 'user_mod', role: 'moderator', azp: 'http://localhost:80', expiresIn: 60 });
    expect(await ask({ headers: { authorization: `Bearer ${token}` } })).toEqual({
      principalKey: 'user:user_mod',
      authExpiresAt: new Date((decodeJwt(token).exp as number) * 1000).toISOString(),
      stillAuthenticated: true,
    });
  });

  it('says a session no longer holds once it is signed out, and a token once it expired', async () => {
    const cookies = await signIn();
    const { jti, exp } = decodeJwt(cookies[SESSION_COOKIE] as string);
    const request = {
      principal: { kind: 'service', id: 'service', role: 'service' },
      principalKey: `session:${jti}`,
      sessionId: jti,
      authExpiresAt: new Date((exp as number) * 1000),
    } as unknown as FastifyRequest;
    expect(await probe.stillAuthenticated(request)).toBe(true);
    await signOut(cookies);
    expect(await probe.stillAuthenticated(request)).toBe(false);

    const expiredToken = { ...request, sessionId: null, authExpiresAt: new Date(Date.now() - 1) } as FastifyRequest;
    expect(await probe.stillAuthenticated(expiredToken)).toBe(false);
  });
});

describe('renewal and rotation', () => {
  const sessionsOf = (serviceKey: string) => createSessions({ serviceKey, store: createDashboardSessions(h.db.sql) });

  it('renews with the same id and the same absolute end', async () => {
    const sessions = sessionsOf(TEST_SERVICE_KEY);
    const { token } = await sessions.issue(new Date(Date.now() - 40 * 60 * 1000));
    const session = await sessions.verify(token);
    expect(session && wantsRenewal(session)).toBe(true);
    const renewed = await sessions.renew(session as NonNullable<typeof session>);
    expect(renewed.session.id).toBe(session?.id);
    expect(renewed.session.endsAt).toEqual(session?.endsAt);
    expect(decodeJwt(renewed.token).jti).toBe(session?.id);
    // Revoking it revokes the renewed cookie as well.
    await sessions.revokeToken(token);
    expect(await sessions.verify(renewed.token)).toBeNull();
  });

  it('takes no session once the service key has changed', async () => {
    const { token } = await sessionsOf(TEST_SERVICE_KEY).issue();
    expect(await sessionsOf(TEST_SERVICE_KEY).verify(token)).not.toBeNull();
    expect(await sessionsOf('the-rotated-service-key-0123456789abcdef').verify(token)).toBeNull();
  });
});
