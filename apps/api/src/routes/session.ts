import { secretCheck } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { can, clearSessionCookie, type Principal, SERVICE_PRINCIPAL, setSessionCookie } from '../plugins/auth.ts';
import { SESSION_COOKIE } from '../session.ts';
import { errorSchema } from './shared-schemas.ts';

const principalView = z.object({
  kind: z.enum(['service', 'user']),
  role: z.string().nullable().describe('service, admin, super_admin, moderator, user or null'),
  clerkUserId: z.string().nullable(),
  userId: z.string().nullable(),
  canWrite: z.boolean().describe('May trigger, cancel, retry and change schedules'),
});

/** Sign-in for the dashboard with the service key, and what a browser needs to know about it. */
export const sessionRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const isServiceKey = secretCheck(deps.config.SCHEDULER_SERVICE_KEY);

  app.get(
    '/session/options',
    {
      schema: {
        summary: 'How to sign in: with Clerk when it is configured, and with the service key',
        tags: ['session'],
        security: [],
        response: {
          200: z.object({
            clerkPublishableKey: z.string().nullable(),
            serviceKeySignIn: z.boolean(),
          }),
        },
      },
    },
    async () => ({ clerkPublishableKey: deps.config.CLERK_PUBLISHABLE_KEY ?? null, serviceKeySignIn: true }),
  );

  app.post(
    '/session',
    {
      config: {
        // Guessing the key: a few tries a minute per client address (rate-limits.ts).
        limit: 'sign-in',
        audit: { action: 'session.create', fields: [] },
      },
      schema: {
        summary: 'Sign in with the service key',
        description:
          'Exchanges the service key for a session cookie (HttpOnly, SameSite=Strict, Secure over https) that ' +
          'lasts an hour unused and is renewed while it is used, up to SESSION_ABSOLUTE_LIFETIME_MS (12 h) ' +
          'after sign-in. Sign-out, "sign out everywhere" and a new service key end it. The key itself is ' +
          'never stored or logged.',
        tags: ['session'],
        security: [],
        body: z.strictObject({ serviceKey: z.string().min(1).max(500) }),
        response: {
          200: z.object({ principal: principalView, expiresAt: z.iso.datetime({ offset: true }) }),
          400: errorSchema,
          401: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      if (!isServiceKey(request.body.serviceKey)) {
        request.log.warn('sign-in with a wrong service key');
        throw new HttpError(401, 'unauthorized', 'That is not the service key');
      }
      request.principal = SERVICE_PRINCIPAL;
      request.credential = 'header';
      request.principalKey = 'service';
      const { token, session } = await deps.sessions.issue();
      setSessionCookie(request, reply, token, session);
      return { principal: viewOf(SERVICE_PRINCIPAL), expiresAt: session.expiresAt.toISOString() };
    },
  );

  app.get(
    '/session',
    {
      onRequest: app.requireAccess('read'),
      schema: {
        summary: 'Who is signed in',
        tags: ['session'],
        response: {
          200: z.object({ principal: principalView, credential: z.enum(['header', 'cookie']) }),
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request) => ({
      principal: viewOf(request.principal ?? SERVICE_PRINCIPAL),
      credential: request.credential ?? 'header',
    }),
  );

  app.delete(
    '/session',
    {
      schema: {
        summary: 'Sign out',
        description:
          'Ends the dashboard session the cookie names (on every replica, at once) and clears the cookie. ' +
          'A Clerk session is ended with Clerk.',
        tags: ['session'],
        security: [],
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deps.sessions.revokeToken(token);
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/sessions',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'session.revoke_all', fields: [] } },
      schema: {
        summary: 'Sign out everywhere',
        description:
          'Ends every dashboard session signed in with the service key, this one included (Clerk sessions ' +
          'are ended with Clerk). For a suspected stolen cookie; rotating the service key does the same.',
        tags: ['session'],
        response: {
          200: z.object({ revoked: z.number().int().describe('Live sessions ended') }),
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const revoked = await deps.sessions.revokeAll();
      if (request.sessionId) clearSessionCookie(request, reply);
      return { revoked };
    },
  );
};

function viewOf(principal: Principal) {
  const canWrite = can(principal, 'write');
  return principal.kind === 'service'
    ? { kind: principal.kind, role: principal.role, clerkUserId: null, userId: null, canWrite }
    : {
        kind: principal.kind,
        role: principal.role,
        clerkUserId: principal.clerkUserId,
        userId: principal.userId,
        canWrite,
      };
}
