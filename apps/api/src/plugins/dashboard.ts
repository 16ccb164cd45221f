import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpError } from '../http-error.ts';
import { issuerOfPublishableKey } from './clerk-claims.ts';

export const DASHBOARD_PATH = '/dashboard';
const DEFAULT_DIR = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));

/**
 * The admin dashboard: a static single-page app built by apps/dashboard. Its files are public
 * (they hold no data: every call they make is authenticated like any other), its hashed assets
 * are cached for good, and every other path under /dashboard gets index.html (never cached),
 * so deep links and reloads work.
 */
export async function dashboardRoutes(
  app: FastifyInstance,
  { dir = DEFAULT_DIR, clerkPublishableKey }: { dir?: string | undefined; clerkPublishableKey?: string | undefined },
) {
  const index = join(dir, 'index.html');
  const csp = clerkPublishableKey ? contentSecurityPolicyWithClerk(clerkPublishableKey) : null;
  const built = existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: join(dir, 'assets'),
      prefix: `${DASHBOARD_PATH}/assets/`,
      decorateReply: false,
      index: false,
      immutable: true,
      maxAge: '365d',
    });
  }
  const page = async (_request: unknown, reply: FastifyReply) => {
    if (!built) {
      throw new HttpError(
        503,
        'dashboard_not_built',
        'The dashboard is not built: run pnpm --filter @scheduler/dashboard build (pnpm start does it)',
      );
    }
    if (csp) reply.header('content-security-policy', csp);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(readFileSync(index));
  };
  app.get(DASHBOARD_PATH, { schema: { hide: true } }, async (_request, reply) => reply.redirect(`${DASHBOARD_PATH}/`));
  app.get(`${DASHBOARD_PATH}/`, { schema: { hide: true } }, page);
  app.get(`${DASHBOARD_PATH}/*`, { schema: { hide: true } }, async (request, reply) => {
    // A missing asset is a 404, not the page (a stale tab asking for an old hash).
    if (request.url.startsWith(`${DASHBOARD_PATH}/assets/`)) throw new HttpError(404, 'not_found', 'No such file');
    return page(request, reply);
  });
}

/**
 * The page's Content-Security-Policy when admins sign in with Clerk: Clerk's sign-in component
 * talks to the instance's Frontend API (its host is what the publishable key encodes: pk_live_
 * + base64 of "<host>$"), shows avatars from img.clerk.com and may ask for a Cloudflare
 * Turnstile challenge. Everything else stays 'self'.
 */
export function contentSecurityPolicyWithClerk(publishableKey: string): string {
  const frontendApi = issuerOfPublishableKey(publishableKey) ?? '';
  return [
    "default-src 'self'",
    `script-src 'self' ${frontendApi} https://challenges.cloudflare.com`,
    `connect-src 'self' ${frontendApi}`,
    "img-src 'self' data: https://img.clerk.com",
    "style-src 'self' 'unsafe-inline'",
    'frame-src https://challenges.cloudflare.com',
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}
