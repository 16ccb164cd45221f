import type { FastifyRequest } from 'fastify';

/**
 * Who a limit counts against: the person or the credential, never the address (every caller
 * arrives from the ingress's). `'service'` for the service key in a header, `user:<clerkUserId>`
 * for a Clerk user, and a dashboard session signed in with the service key is a principal of its
 * own, so a script on the key cannot use up an operator's streams. Authentication may name the
 * key itself (`request.principalKey`, e.g. `session:<id>` once sessions have server-side ids);
 * otherwise it is derived here. The one place that decides it.
 */
export function principalKeyOf(request: FastifyRequest): string {
  const named = (request as { principalKey?: string | null }).principalKey;
  if (named) return named;
  const principal = request.principal;
  if (!principal) return `address:${request.ip}`;
  if (principal.kind === 'user') return `user:${principal.clerkUserId}`;
  return request.credential === 'cookie' ? 'service-session' : 'service';
}
