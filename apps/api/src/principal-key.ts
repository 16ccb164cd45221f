import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './session.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by authentication when it knows the caller's budget better (a session's server-side id). */
    principalKey?: string | null;
  }
}

/**
 * Whose budget a request spends, once it is authenticated: the person or the key, never the
 * address (every operator arrives through the same ingress). A Clerk user is `user:<id>`
 * whichever device it uses; a dashboard session signed in with the service key is its own
 * `session:<hash of its token>`, so a script on the service key (`service`) cannot starve an
 * admin's dashboard. Null before authentication. The one place that says who a budget belongs
 * to: `request.principalKey` overrides it when authentication sets one.
 */
export function principalKeyOf(request: FastifyRequest): string | null {
  if (request.principalKey) return request.principalKey;
  const principal = request.principal;
  if (!principal) return null;
  if (principal.kind === 'user') return `user:${principal.clerkUserId}`;
  const sessionToken = request.credential === 'cookie' ? request.cookies[SESSION_COOKIE] : undefined;
  if (sessionToken) return `session:${createHash('sha256').update(sessionToken).digest('hex').slice(0, 32)}`;
  return 'service';
}
