import { verifyToken } from '@clerk/backend';
import cookie from '@fastify/cookie';
import { isDatabaseUnavailable, type UserDirectory, type UserIdentity, type UserRole } from '@scheduler/db';
import { bearerTokenOf, secretCheck } from '@scheduler/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody } from '../http-error.ts';
import { SESSION_COOKIE, SESSION_LIFETIME_S, type Session, type Sessions, wantsRenewal } from '../session.ts';
import { type ClerkClaimsCheck, checkClerkClaims } from './clerk-claims.ts';
import { RETRY_AFTER_SECONDS } from './errors.ts';

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
  /** The instance's issuer, and the longest lifetime a token may claim. */
  claims: ClerkClaimsCheck;
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
    /**
     * Who exactly is calling, for limits per caller: 'service' (the key in a header),
     * `session:<id>` (a dashboard session) or `user:<clerkUserId>` (a Clerk session).
     */
    principalKey: string | null;
    /**
     * When the credential that authenticated this request stops being valid (a session's idle
     * or absolute end, a Clerk token's exp); null for the service key in a header.
     */
    authExpiresAt: Date | null;
    /** The dashboard session that authenticated this request, if one did. */
    sessionId: string | null;
    /** Why the request's credentials were refused, once `identify` has tried them. */
    authFailure: string | null;
  }
  interface FastifyInstance {
    /**
     * Authenticates the caller if it has not been yet: sets `principal` and `credential` and
     * resolves null, or resolves why not (kept in `authFailure`, so it is worked out once).
     * Refuses nothing itself: routes that need a principal use requireAccess.
     */
    identify: (request: FastifyRequest, reply: FastifyReply) => Promise<string | null>;
    /** onRequest hook for a scope: authenticates the caller and checks it may `access`. */
    requireAccess: (access: Access) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
    /**
     * Whether what authenticated `request` still holds: its session not revoked nor ended, its
     * token not expired. Long-lived requests (event streams) ask it to know when to end. One
     * primary-key lookup for a dashboard session (false while Postgres does not answer), none
     * otherwise; never rejects.
     */
    stillAuthenticated: (request: FastifyRequest) => Promise<boolean>;
  }
}

export const SERVICE_PRINCIPAL: Principal = { kind: 'service', id: 'service', role: 'service' };

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
    const isServiceKey = secretCheck(options.serviceKey);
    const identities = new Map<string, { identity: UserIdentity | null; until: number }>();

    async function identityOf(clerkUserId: string): Promise<UserIdentity | null> {
      const cached = identities.get(clerkUserId);
      if (cached && cached.until > Date.now()) return cached.identity;
      const identity = await options.users.findByClerkId(clerkUserId);
      identities.set(clerkUserId, { identity, until: Date.now() + ROLE_CACHE_MS });
      return identity;
    }

    type Authenticated = {
      principal: Principal;
      credential: Credential;
      principalKey: string;
      expiresAt: Date | null;
      session?: Session;
    };

    async function authenticate(request: FastifyRequest): Promise<Authenticated | string> {
      const bearer = bearerTokenOf(request.headers.authorization);
      const serviceToken = request.headers['x-service-token'];
      const candidate = bearer ?? (typeof serviceToken === 'string' ? serviceToken : undefined);
      if (candidate && isServiceKey(candidate)) {
        return { principal: SERVICE_PRINCIPAL, credential: 'header', principalKey: 'service', expiresAt: null };
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
            principalKey: `session:${session.id}`,
            expiresAt: session.expiresAt,
            session,
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
      const refused = checkClerkClaims(claims, options.clerk.claims);
      if (refused) {
        request.log.warn({ reason: refused }, 'refused a Clerk token');
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
        principalKey: `user:${clerkUserId}`,
        expiresAt: new Date((claims.exp as number) * 1000),
      };
    }

    const allowedOrigins = new Set(options.allowedOrigins);
    app.decorateRequest('principal', null);
    app.decorateRequest('credential', null);
    app.decorateRequest('principalKey', null);
    app.decorateRequest('authExpiresAt', null);
    app.decorateRequest('sessionId', null);
    app.decorateRequest('authFailure', null);
    app.decorate('stillAuthenticated', async (request: FastifyRequest) => {
      if (!request.principal) return false;
      if (request.authExpiresAt && request.authExpiresAt.getTime() <= Date.now()) return false;
      if (!request.sessionId) return true;
      // A session that cannot be checked (Postgres away) is taken as ended: the browser
      // reconnects, and is let in again once it can be checked.
      return options.sessions.isLive(request.sessionId).catch(() => false);
    });
    app.decorate('identify', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.principal) return null;
      if (request.authFailure !== null) return request.authFailure;
      const outcome = await authenticate(request);
      if (typeof outcome === 'string') {
        request.authFailure = outcome;
        return outcome;
      }
      request.principal = outcome.principal;
      request.credential = outcome.credential;
      request.principalKey = outcome.principalKey;
      request.authExpiresAt = outcome.expiresAt;
      request.sessionId = outcome.session?.id ?? null;
      if (outcome.session && wantsRenewal(outcome.session)) {
        const { token, session } = await options.sessions.renew(outcome.session);
        setSessionCookie(request, reply, token, session);
        request.authExpiresAt = session.expiresAt;
      }
      return null;
    });
    app.decorate('requireAccess', (access: Access) => async (request: FastifyRequest, reply: FastifyReply) => {
      let failure: string | null;
      try {
        failure = await app.identify(request, reply);
      } catch (error) {
        // Sessions are checked in Postgres: while it is away, say so (in the API's shape, in
        // every scope, Bull Board's included) rather than "signed out".
        if (!isDatabaseUnavailable(error)) throw error;
        request.log.warn({ err: error }, 'could not check the session: Postgres is not answering');
        return reply
          .code(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .send(errorBody('database_unavailable', SESSION_UNCHECKED));
      }
      if (failure !== null) {
        // A person opening /docs or Bull Board in a browser is sent to sign in, then back.
        if (wantsPage(request)) return reply.redirect(`/dashboard/?next=${encodeURIComponent(request.url)}`);
        // The body was never read: close rather than drain what may be a flood.
        if (carriesBody(request)) reply.header('connection', 'close');
        return reply.code(401).send(errorBody('unauthorized', failure));
      }
      // A browser sends cookies with requests other sites make it send: a change that rides on
      // a cookie must come from a page of ours or of an allowed origin.
      const forged =
        request.credential === 'cookie' && !SAFE_METHODS.has(request.method) && crossSite(request, allowedOrigins);
      if (forged) return reply.code(403).send(errorBody('cross_site_request', forged));
      const principal = request.principal as Principal;
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

const SESSION_UNCHECKED = `Postgres (where sessions are recorded) is not answering, so the session could not be checked; try again in ${RETRY_AFTER_SECONDS} seconds.`;

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

/**
 * The dashboard session cookie: HttpOnly, SameSite=Strict, Secure over https, for the whole
 * site. The browser keeps it for the idle lifetime, or until the session's absolute end when
 * that comes first; the token inside expires then too.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, session: Session) {
  const untilEnd = Math.ceil((session.endsAt.getTime() - Date.now()) / 1000);
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: requestProtocol(request) === 'https',
    maxAge: Math.max(0, Math.min(SESSION_LIFETIME_S, untilEnd)),
    expires: session.expiresAt,
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

/** Whether a body follows the request's headers. */
export const carriesBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
