import { createClerkSigner, TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/session.ts';
import { openStream } from './event-stream-client.ts';

/**
 * Issue 21, finding 5 (streams): an event stream is authenticated once, when it opens, and used
 * to outlive the credential that opened it (an expired Clerk token by 16 s and counting). Now it
 * ends with `expired` when its token or session expires, and re-checks the credential while open.
 */
const DASHBOARD = 'https://admin.stumbleable.com';
/** How late after the expiry a stream may end: timers, and the client seeing the end. */
const SLACK_MS = 1500;
const SESSION_LIFETIME_MS = 4000;

let harness: ApiHarness;
let base: string;
let clerk: Awaited<ReturnType<typeof createClerkSigner>>;

beforeAll(async () => {
  clerk = await createClerkSigner();
  harness = await createApiHarness({
    CLERK_JWT_KEY: clerk.publicKeyPem,
    CLERK_ISSUER: clerk.issuer,
    ALLOWED_ORIGINS: DASHBOARD,
    EVENT_STREAM_AUTH_CHECK_MS: '500',
    // Dashboard sessions end four seconds after sign-in, whatever renews them.
    SESSION_ABSOLUTE_LIFETIME_MS: String(SESSION_LIFETIME_MS),
  });
  base = await harness.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await harness?.close();
});

/** Signs in to the dashboard with the service key: the session cookie and when it ends. */
async function signIn() {
  const res = await harness.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { serviceKey: TEST_SERVICE_KEY },
  });
  expect(res.statusCode).toBe(200);
  const session = res.cookies.find((c) => c.name === SESSION_COOKIE);
  return { cookie: `${SESSION_COOKIE}=${session?.value}`, expiresAt: Date.parse(res.json().expiresAt) };
}

/** Reads a stream until it ends; says what came last and when it ended. */
async function followUntilEnd(headers: Record<string, string>) {
  const stream = await openStream(base, '/api/events', headers);
  expect(stream.status).toBe(200);
  const { events, ended } = await stream.read(() => false, 15_000);
  return { events, ended, endedAt: Date.now() };
}

describe('an event stream ends with its credential', () => {
  it('ends with `expired` when the Clerk token that opened it expires', async () => {
    const token = await clerk.token({ sub: 'user_short', role: 'moderator', azp: DASHBOARD, expiresIn: 3 });
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as { exp: number }).exp;
    const { events, ended, endedAt } = await followUntilEnd({ authorization: `Bearer ${token}` });
    expect(ended).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'expired', data: { reason: 'expired' } });
    expect(endedAt).toBeGreaterThanOrEqual(exp * 1000 - 100);
    expect(endedAt).toBeLessThanOrEqual(exp * 1000 + SLACK_MS);
    // And the same token does not carry another: refused, or (within the clock skew Clerk's
    // verification allows) ended at once.
    const again = await openStream(base, '/api/events', { authorization: `Bearer ${token}` });
    if (again.status === 200) {
      const { events: next, ended: over } = await again.read(() => false, 1000);
      expect(over).toBe(true);
      expect(next.at(-1)?.event).toBe('expired');
    } else expect(again.status).toBe(401);
  });

  it('ends with `expired` when the dashboard session that opened it expires', async () => {
    const { cookie, expiresAt } = await signIn();
    const { events, ended, endedAt } = await followUntilEnd({ cookie });
    expect(ended).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'expired', data: { reason: 'expired' } });
    expect(endedAt).toBeLessThanOrEqual(expiresAt + SLACK_MS);
  });

  it('ends with `revoked` soon after its dashboard session signs out', async () => {
    const { cookie, expiresAt } = await signIn();
    const stream = await openStream(base, '/api/events', { cookie });
    expect(stream.status).toBe(200);
    const signedOutAt = Date.now();
    const out = await harness.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const { events, ended } = await stream.read(() => false, 15_000);
    expect(ended).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'expired', data: { reason: 'revoked' } });
    // Within one re-check of the sign-out, and before the session would have ended anyway.
    expect(Date.now() - signedOutAt).toBeLessThanOrEqual(500 + SLACK_MS);
    expect(Date.now()).toBeLessThan(expiresAt);
  });

  it('keeps a stream opened with the service key in a header (it does not expire)', async () => {
    const stream = await openStream(base, '/api/events', { authorization: `Bearer ${TEST_SERVICE_KEY}` });
    // Several re-checks pass (every 500 ms) and the stream stays open.
    await expect(stream.read(() => false, 2500)).rejects.toThrow(/did not give what was expected/);
    stream.close();
  });
});
