import { createHash, timingSafeEqual } from 'node:crypto';
import { verifyToken } from '@clerk/backend';
import cookie from '@fastify/cookie';
import type { UserDirectory, UserIdentity, UserRole } from '@scheduler/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody } from '../http-error.ts';
import { SESSION_COOKIE, SESSION_LIFETIME_S, type Sessions, wantsRenewal } from '../session.ts';

/** Who is calling: another service (the service key) or a signed-in Stumbleable user. */
export type Principal =
  | { kind: 'service'; id: 'service'; role: 'service' }
  | { kind: 'user'; clerkUserId: string; userId: string | null; role: UserRole | null };

/** What a route needs: reading (moderators and up) or acting (admins and services). */
export type Access = 'read' | 'write';

const CAN: Record<Access, ReadonlyArray<Principal['role']>> = {
  read: ['service', 'admin', 'super_admin', 'moderator'],
  write: ['service', 'admin', 'super_admin'],
};

/** Whether `principal` may do what `access` needs. */
export const can = (principal: Principal, access: Access) => CAN[access].includes(principal.role);

export interface ClerkSettings {
  /** PEM public key: verification without any network call. */
  jwtKey?: string | undefined;
  /** Otherwise Clerk's keys are fetched with the secret key (and cached). */
  secretKey?: string | undefined;
  /** The `azp` claims accepted: the dashboard's origins. */
  authorizedParties: readonly string[];
}

export interface AuthOptions {
  serviceKey: string;
  clerk: ClerkSettings | null;
  users: UserDirectory;
  sessions: Sessions;
  /** Browser origins allowed to send changes with a cookie (besides the API's own). */
  allowedOrigins: readonly string[];
}

/** How the caller proved who it is: a header (services, scripts) or a cookie (browsers). */
export type Credential = 'header' | 'cookie';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    credential: Credential | null;
  }
  interface FastifyInstance {
    /** onRequest hook for a scope: authenticates the caller and checks it may `access`. */
    requireAccess: (access: Access) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  }
}

// --- Credential lifetime (streams helper; minimal, for the sessions work to reconcile) -------
// Long-lived responses (event streams) outlive the moment their request was authenticated: they
// end when the credential expires and re-check it for revocation while open.
declare module 'fastify' {
  interface FastifyRequest {
    /** When the credential that authenticated this request stops being valid; null: never (service key in a header). */
    authExpiresAt: Date | null;
  }
  interface FastifyInstance {
    /** Whether the credentials this request came with would still be accepted now. */
    stillAuthenticated: (request: FastifyRequest) => Promise<boolean>;
  }
}
// ---------------------------------------------------------------------------------------------

export const SERVICE_PRINCIPAL: Principal = { kind: 'service', id: 'service', role: 'service' };

// Hashing first makes the comparison constant-time whatever the lengths.
const digest = (value: string) => createHash('sha256').update(value).digest();

/** A constant-time check of a candidate against the service key (headers, and the dashboard's sign-in). */
export function serviceKeyCheck(serviceKey: string): (candidate: string) => boolean {
  const expected = digest(serviceKey);
  return (candidate) => timingSafeEqual(digest(candidate), expected);
}

// A role looked up in `users` is trusted this long; a demotion takes effect within it.
const ROLE_CACHE_MS = 60_000;

/**
 * Authentication for every route but /health*. The service key (in `Authorization: Bearer` or
 * `X-Service-Token`, as the other Stumbleable services send it) acts as a service principal, and
 * so does the dashboard session of someone who signed in with it (the `scheduler_session`
 * cookie, see session.ts); anything else must be a Clerk session token, from the Authorization
 * header or the `__session` cookie (browsers). The role comes from the token's `metadata.role`
 * claim, else from `users.role`. The acting identity never comes from the request body. A
 * change (POST, PUT, DELETE) authenticated by a cookie must come from this site or an allowed
 * origin: browsers attach cookies to requests other sites make them send.
 *
 * Verification uses @clerk/backend's verifyToken, offline with CLERK_JWT_KEY: the Fastify
 * plugin of @clerk/fastify adds browser handshakes and redirects this API has no use for.
 * Hooks answer 401/403 themselves (rather than throwing) so scopes with an error handler of
 * their own, such as Bull Board's, still send the API's error shape.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthOptions) => {
    await app.register(cookie);
    const isServiceKey = serviceKeyCheck(options.serviceKey);
    const identities = new Map<string, { identity: UserIdentity | null; until: number }>();

    async function identityOf(clerkUserId: string): Promise<UserIdentity | null> {
      const cached = identities.get(clerkUserId);
      if (cached && cached.until > Date.now()) return cached.identity;
      const identity = await options.users.findByClerkId(clerkUserId);
      identities.set(clerkUserId, { identity, until: Date.now() + ROLE_CACHE_MS });
      return identity;
    }

    type Authenticated = { principal: Principal; credential: Credential; expiresAt: Date | null; renew?: boolean };

    async function authenticate(request: FastifyRequest): Promise<Authenticated | string> {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const serviceToken = request.headers['x-service-token'];
      const candidate = bearer ?? (typeof serviceToken === 'string' ? serviceToken : undefined);
      if (candidate && isServiceKey(candidate)) {
        return { principal: SERVICE_PRINCIPAL, credential: 'header', expiresAt: null };
      }
      if (!bearer && typeof serviceToken === 'string') return 'The service token (X-Service-Token) is not valid';

      // Signed in to the dashboard with the service key.
      const sessionToken = bearer ? undefined : request.cookies[SESSION_COOKIE];
      if (sessionToken) {
        const session = await options.sessions.verify(sessionToken);
        if (session) {
          return {
            principal: SERVICE_PRINCIPAL,
            credential: 'cookie',
            expiresAt: session.expiresAt,
            renew: wantsRenewal(session),
          };
        }
      }

      const clerkCookie = request.cookies.__session;
      const token = bearer ?? clerkCookie;
      if (!token) {
        return sessionToken
          ? 'The session has expired: sign in again'
          : 'Authentication required: send Authorization: Bearer <token>, or sign in at /dashboard';
      }
      if (!options.clerk) return 'The token is not valid';
      let claims: Record<string, unknown>;
      try {
        claims = (await verifyToken(token, {
          jwtKey: options.clerk.jwtKey,
          secretKey: options.clerk.secretKey,
          authorizedParties: [...options.clerk.authorizedParties],
        })) as Record<string, unknown>;
      } catch {
        return 'The token is not valid';
      }
      const clerkUserId = typeof claims.sub === 'string' ? claims.sub : '';
      if (!clerkUserId) return 'The token is not valid';
      const identity = await identityOf(clerkUserId);
      const claimed = (claims.metadata as { role?: unknown } | undefined)?.role;
      const role =
        (['user', 'moderator', 'admin', 'super_admin'] as const).find((r) => r === claimed) ?? identity?.role ?? null;
      return {
        principal: { kind: 'user', clerkUserId, userId: identity?.id ?? null, role },
        credential: bearer ? 'header' : 'cookie',
        expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
      };
    }

    const allowedOrigins = new Set(options.allowedOrigins);
    app.decorateRequest('principal', null);
    app.decorateRequest('credential', null);
    app.decorateRequest('authExpiresAt', null);
    // Re-runs the authentication of the request's own headers and cookies: an expired token or
    // session, or a key no longer accepted, answers false.
    app.decorate('stillAuthenticated', async (request: FastifyRequest) => {
      if (request.authExpiresAt && request.authExpiresAt.getTime() <= Date.now()) return false;
      return typeof (await authenticate(request)) !== 'string';
    });
    app.decorate('requireAccess', (access: Access) => async (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.principal) {
        const outcome = await authenticate(request);
        if (typeof outcome === 'string') {
          // A person opening /docs or Bull Board in a browser is sent to sign in, then back.
          if (wantsPage(request)) return reply.redirect(`/dashboard/?next=${encodeURIComponent(request.url)}`);
          return reply.code(401).send(errorBody('unauthorized', outcome));
        }
        request.principal = outcome.principal;
        request.credential = outcome.credential;
        request.authExpiresAt = outcome.expiresAt;
        if (outcome.renew) {
          const { token, session } = await options.sessions.issue();
          setSessionCookie(request, reply, token, session.expiresAt);
        }
      }
      // A browser sends cookies with requests other sites make it send: a change that rides on
      // a cookie must come from a page of ours or of an allowed origin.
      const forged =
        request.credential === 'cookie' && !SAFE_METHODS.has(request.method) && crossSite(request, allowedOrigins);
      if (forged) return reply.code(403).send(errorBody('cross_site_request', forged));
      const principal = request.principal;
      if (!can(principal, access)) {
        const needs = access === 'write' ? 'an admin' : 'a moderator or an admin';
        return reply
          .code(403)
          .send(errorBody('forbidden', `This needs ${needs}; your role is ${principal.role ?? 'none'}`));
      }
    });
  },
  { name: 'auth' },
);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A browser navigating to a page (not a script or an API call). */
const wantsPage = (request: FastifyRequest) =>
  request.method === 'GET' &&
  !request.url.startsWith('/api/') &&
  (request.headers.accept ?? '').includes('text/html') &&
  request.headers['sec-fetch-mode'] !== 'cors';

/** The API's own origin as the browser addressed it. */
export function ownOrigin(request: FastifyRequest): string {
  return `${requestProtocol(request)}://${request.headers.host ?? ''}`;
}

/** https when the request came over TLS or through a proxy that says so. */
export function requestProtocol(request: FastifyRequest): 'http' | 'https' {
  const forwarded = request.headers['x-forwarded-proto'];
  return request.protocol === 'https' || forwarded === 'https' ? 'https' : 'http';
}

/**
 * Why a cookie-authenticated change is refused as cross-site, or null when it came from the
 * API's own pages or an allowed origin. Every browser sends Origin with a cross-origin POST, PUT
 * or DELETE (and with same-origin ones too, except old ones, which send Sec-Fetch-Site or
 * neither); a request with neither header is not a browser page, and a script has no business
 * authenticating with a browser's cookie.
 */
function crossSite(request: FastifyRequest, allowedOrigins: ReadonlySet<string>): string | null {
  const origin = request.headers.origin;
  if (origin) {
    if (origin === ownOrigin(request) || allowedOrigins.has(origin)) return null;
    return `A change signed in with a cookie must come from this site or an allowed origin, not from ${origin.slice(0, 100)}`;
  }
  if (request.headers['sec-fetch-site'] === 'same-origin') return null;
  return 'A change signed in with a cookie must come from a page of this site (it sent no Origin); scripts send Authorization: Bearer <key>';
}

/** The dashboard session cookie: HttpOnly, SameSite=Strict, Secure over https, for the whole site. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: requestProtocol(request) === 'https',
    maxAge: SESSION_LIFETIME_S,
    expires: expiresAt,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: requestProtocol(request) === 'https',
  });
}

/** What `started_by` records for a principal: users.id, or 'service'. */
export function actorOf(principal: Principal | null): { startedBy: string | null; startedByClerkId: string | null } {
  if (!principal) return { startedBy: null, startedByClerkId: null };
  if (principal.kind === 'service') return { startedBy: principal.id, startedByClerkId: null };
  return { startedBy: principal.userId, startedByClerkId: principal.clerkUserId };
}
