import { createHash, timingSafeEqual } from 'node:crypto';
import { verifyToken } from '@clerk/backend';
import type { UserDirectory, UserIdentity, UserRole } from '@scheduler/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody } from '../http-error.ts';

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
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** onRequest hook for a scope: authenticates the caller and checks it may `access`. */
    requireAccess: (access: Access) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  }
}

export const SERVICE_PRINCIPAL: Principal = { kind: 'service', id: 'service', role: 'service' };

// Hashing first makes the comparison constant-time whatever the lengths.
const digest = (value: string) => createHash('sha256').update(value).digest();

// A role looked up in `users` is trusted this long; a demotion takes effect within it.
const ROLE_CACHE_MS = 60_000;

/**
 * Authentication for every route but /health*. The service key (in `Authorization: Bearer` or
 * `X-Service-Token`, as the other Stumbleable services send it) acts as a service principal;
 * anything else must be a Clerk session token, from the Authorization header or the
 * `__session` cookie (browsers). The role comes from the token's `metadata.role` claim, else
 * from `users.role`. The acting identity never comes from the request body.
 *
 * Verification uses @clerk/backend's verifyToken, offline with CLERK_JWT_KEY: the Fastify
 * plugin of @clerk/fastify adds browser handshakes and redirects this API has no use for.
 * Hooks answer 401/403 themselves (rather than throwing) so scopes with an error handler of
 * their own, such as Bull Board's, still send the API's error shape.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthOptions) => {
    const expectedKey = digest(options.serviceKey);
    const identities = new Map<string, { identity: UserIdentity | null; until: number }>();

    async function identityOf(clerkUserId: string): Promise<UserIdentity | null> {
      const cached = identities.get(clerkUserId);
      if (cached && cached.until > Date.now()) return cached.identity;
      const identity = await options.users.findByClerkId(clerkUserId);
      identities.set(clerkUserId, { identity, until: Date.now() + ROLE_CACHE_MS });
      return identity;
    }

    async function authenticate(request: FastifyRequest): Promise<Principal | string> {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const serviceToken = request.headers['x-service-token'];
      const candidate = bearer ?? (typeof serviceToken === 'string' ? serviceToken : undefined);
      if (candidate && timingSafeEqual(digest(candidate), expectedKey)) return SERVICE_PRINCIPAL;
      if (!bearer && typeof serviceToken === 'string') return 'The service token (X-Service-Token) is not valid';

      const token = bearer ?? sessionCookie(request.headers.cookie);
      if (!token) return 'Authentication required: send Authorization: Bearer <token>';
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
      return { kind: 'user', clerkUserId, userId: identity?.id ?? null, role };
    }

    app.decorateRequest('principal', null);
    app.decorate('requireAccess', (access: Access) => async (request: FastifyRequest, reply: FastifyReply) => {
      const principal = request.principal ?? (await authenticate(request));
      if (typeof principal === 'string') return reply.code(401).send(errorBody('unauthorized', principal));
      request.principal = principal;
      if (!CAN[access].includes(principal.role)) {
        const needs = access === 'write' ? 'an admin' : 'a moderator or an admin';
        return reply
          .code(403)
          .send(errorBody('forbidden', `This needs ${needs}; your role is ${principal.role ?? 'none'}`));
      }
    });
  },
  { name: 'auth' },
);

function sessionCookie(header: string | undefined): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [name, ...value] = part.trim().split('=');
    if (name === '__session' && value.length > 0) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** What `started_by` records for a principal: users.id, or 'service'. */
export function actorOf(principal: Principal | null): { startedBy: string | null; startedByClerkId: string | null } {
  if (!principal) return { startedBy: null, startedByClerkId: null };
  if (principal.kind === 'service') return { startedBy: principal.id, startedByClerkId: null };
  return { startedBy: principal.userId, startedByClerkId: principal.clerkUserId };
}
