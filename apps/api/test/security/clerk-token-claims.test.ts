import { ConfigError, loadApiConfig } from '@scheduler/config';
import { createClerkSigner, TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkClerkClaims, issuerOfPublishableKey } from '../../src/plugins/clerk-claims.ts';

/**
 * Issue 21, finding 8 (Clerk tokens): a token signed with the instance's key is still refused
 * when it names another issuer or none, or claims to live longer than a bound (Clerk's own
 * session tokens live 60 s).
 */
const DASHBOARD = 'https://admin.stumbleable.com';
const TEN_YEARS_S = 10 * 365 * 24 * 3600;
let h: ApiHarness;
let clerk: Awaited<ReturnType<typeof createClerkSigner>>;

beforeAll(async () => {
  clerk = await createClerkSigner();
  h = await createApiHarness({
    CLERK_JWT_KEY: clerk.publicKeyPem,
    CLERK_ISSUER: clerk.issuer,
    ALLOWED_ORIGINS: DASHBOARD,
  });
});
afterAll(async () => {
  await h?.close();
});

const list = (token: string) =>
  h.app.inject({ method: 'GET', url: '/api/jobs', headers: { authorization: `Bearer ${token}` } });

describe('Clerk tokens', () => {
  it('opens the API with a token of the configured instance', async () => {
    const token = await clerk.token({ sub: 'user_admin', role: 'admin', azp: DASHBOARD, expiresIn: 60 });
    expect((await list(token)).statusCode).toBe(200);
  });

  it.each([
    ['another issuer', { issuer: 'https://clerk.someone-else.example' }],
    ['no issuer', { issuer: null }],
    ['a ten-year lifetime', { expiresIn: TEN_YEARS_S }],
    ['a two-hour lifetime', { expiresIn: 2 * 3600 }],
  ])('refuses a correctly signed token with %s', async (_what, options) => {
    const token = await clerk.token({ sub: 'user_admin', role: 'admin', azp: DASHBOARD, ...options });
    const res = await list(token);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'unauthorized', message: 'The token is not valid' });
  });
});

describe('the issuer the API expects', () => {
  const base = {
    SCHEDULER_SERVICE_KEY: TEST_SERVICE_KEY,
    CLERK_JWT_KEY: '-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----',
  };

  it('is the host the publishable key names, unless CLERK_ISSUER says otherwise', () => {
    const publishable = `pk_live_${Buffer.from('clerk.stumbleable.com$').toString('base64')}`;
    expect(issuerOfPublishableKey(publishable)).toBe('https://clerk.stumbleable.com');
    expect(() => loadApiConfig({ ...base, CLERK_PUBLISHABLE_KEY: publishable })).not.toThrow();
    expect(loadApiConfig({ ...base, CLERK_ISSUER: 'https://clerk.example.com/' }).CLERK_ISSUER).toBe(
      'https://clerk.example.com',
    );
  });

  it('must be known when Clerk is configured: the API refuses to start without it', () => {
    expect(() => loadApiConfig(base)).toThrow(ConfigError);
    expect(() => loadApiConfig(base)).toThrow(/CLERK_ISSUER/);
    expect(() => loadApiConfig({ SCHEDULER_SERVICE_KEY: TEST_SERVICE_KEY })).not.toThrow();
  });

  it('checks the claims a signature does not', () => {
    const now = Math.floor(Date.now() / 1000);
    const check = { issuer: 'https://clerk.example.com', maxLifetimeS: 3600 };
    const good = { iss: check.issuer, iat: now, nbf: now - 10, exp: now + 60 };
    expect(checkClerkClaims(good, check)).toBeNull();
    expect(checkClerkClaims({ ...good, iss: 'https://clerk.example.com.evil.example' }, check)).toMatch(/issuer/);
    expect(checkClerkClaims({ ...good, iat: undefined, nbf: undefined }, check)).toMatch(/issue time/);
    expect(checkClerkClaims({ ...good, exp: now + 3601 }, check)).toMatch(/lifetime/);
  });
});
