import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { errorBody } from '../http-error.ts';
import { SESSION_COOKIE } from '../session.ts';
import { carriesBody } from './auth.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `sign-in`: each call is an attempt counted against the caller's address (POST /api/session). */
    limit?: 'sign-in';
  }
}

export interface RateLimitsOptions {
  redis: Redis;
  queuePrefix: string;
  writesPerMinute: number;
  readsPerMinute: number;
  authFailuresPerMinute: number;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WINDOW_MS = 60_000;
// Every request waits for its counter in Redis: if Redis is slow to answer (a network that
// drops packets rather than refusing), the request goes through uncounted after this long
// rather than waiting for the client's 2 s command timeout.
const COUNTER_WAIT_MS = 250;

/** What `promise` resolves to, or null if it takes longer than `ms`. */
async function withinMs<T>(ms: number, promise: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Probes are never limited: an orchestrator that cannot reach them restarts the API. */
const isHealthCheck = (url: string) => url === '/health' || url.startsWith('/health/');

/** The caller sends a key or token in a header: a failed check of it counts against its address. */
const carriesKey = (request: FastifyRequest) =>
  request.headers.authorization !== undefined || request.headers['x-service-token'] !== undefined;

const carriesCredentials = (request: FastifyRequest) =>
  carriesKey(request) || request.cookies[SESSION_COOKIE] !== undefined || request.cookies.__session !== undefined;

/**
 * Three budgets a minute, counted in Redis so every API replica counts a caller together (if
 * Redis is away or slow, requests are let through rather than refused), all spent in onRequest hooks:
 * after authentication, before a byte of the body is read.
 *
 * - Changes: every POST, PUT, PATCH and DELETE of every route, Bull Board's buttons included,
 *   spends one budget of its principal (`request.principalKey`, set by authentication: the person
 *   or the key, never the address); a change without a principal
 *   (signing out) spends its address's.
 * - Reads: every authenticated GET spends a larger budget of its principal; /health never does.
 * - Authentication failures, per client address (behind the ingress, the address its trusted
 *   X-Forwarded-For names): each sign-in attempt and each key or token refused from a header.
 *   Past it, that address's sign-ins and refused keys answer 429; a valid key never looks at it.
 *
 * Unknown paths (404, 405) are authenticated and limited the same way, so a flood of bodies to
 * nowhere is refused before it is read too.
 */
export const rateLimitsPlugin = fp(
  async (app: FastifyInstance, options: RateLimitsOptions) => {
    await app.register(rateLimit, {
      global: false,
      redis: options.redis,
      nameSpace: `${options.queuePrefix}:rate-limit:`,
      skipOnError: true,
    });
    const budget = (max: number, keyOf: (request: FastifyRequest) => string) => {
      const spend = app.createRateLimit({ max, timeWindow: WINDOW_MS, keyGenerator: keyOf });
      return { max, spend };
    };
    // No address once the client has gone (a request whose body broke off is still answered).
    const addressOf = (request: FastifyRequest) => (request.ip ? normalizeIP(request.ip) : 'gone');
    const writes = budget(
      options.writesPerMinute,
      (request) => `writes:${request.principalKey ?? `address:${addressOf(request)}`}`,
    );
    const reads = budget(options.readsPerMinute, (request) => `reads:${request.principalKey}`);
    const authFailures = budget(options.authFailuresPerMinute, (request) => `auth-failures:${addressOf(request)}`);

    /** Spends one from `limit`; past it, answers 429 and resolves true. */
    async function overLimit(
      limit: ReturnType<typeof budget>,
      request: FastifyRequest,
      reply: FastifyReply,
      what: string,
    ): Promise<boolean> {
      const outcome = await withinMs(COUNTER_WAIT_MS, limit.spend(request));
      if (!outcome || outcome.isAllowed || !outcome.isExceeded) return false;
      const seconds = Math.max(1, outcome.ttlInSeconds);
      // The body is not read: the connection closes rather than drain what a flood sends.
      if (carriesBody(request)) reply.header('connection', 'close');
      await reply
        .code(429)
        .header('retry-after', String(seconds))
        .send(
          errorBody(
            'rate_limited',
            `Too many ${what}: the limit is ${limit.max} per minute. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
          ),
        );
      return true;
    }

    // A request spends its budget once, even when a route hands it on to the 404 handler.
    const spent = new WeakSet<FastifyRequest>();

    /** The budget of a request that reached a route (appended to each route's own onRequest hooks). */
    async function spendRouteBudget(request: FastifyRequest, reply: FastifyReply) {
      if (reply.sent) return reply;
      if (spent.has(request)) return undefined;
      spent.add(request);
      const signIn = request.routeOptions.config?.limit === 'sign-in';
      if (signIn && (await overLimit(authFailures, request, reply, 'sign-in attempts from this address'))) {
        return reply;
      }
      if (STATE_CHANGING.has(request.method)) {
        // A route open to anyone (signing out) still spends the budget of whoever it knows.
        if (!request.principal && carriesCredentials(request)) await app.identify(request, reply);
        if (await overLimit(writes, request, reply, 'changes')) return reply;
        return undefined;
      }
      // Reads without a principal are the dashboard's public files: nothing to count them by.
      if (request.method === 'OPTIONS' || request.principalKey === null) return undefined;
      if (await overLimit(reads, request, reply, 'reads')) return reply;
      return undefined;
    }

    app.addHook('onRoute', (route) => {
      const hooks = ([] as unknown[]).concat(route.onRequest ?? []);
      if (isHealthCheck(route.url) || hooks.includes(spendRouteBudget)) return;
      route.onRequest = [...hooks, spendRouteBudget] as typeof route.onRequest;
    });

    app.addHook('onRequest', async (request, reply) => {
      // The probes themselves only: a path under /health that is no route (or a method they do
      // not take) is authenticated like any unknown path, before its body is read.
      if (!request.is404 && isHealthCheck(request.url.split('?')[0] ?? '')) return undefined;
      // A key that is refused counts against its address, on any route; one that is right
      // never reaches this budget.
      if (carriesKey(request) && (await app.identify(request, reply)) !== null) {
        if (await overLimit(authFailures, request, reply, 'failed sign-ins and wrong keys from this address')) {
          return reply;
        }
      }
      // Unknown paths have no route hooks: authenticate them here, before the body is read.
      if (request.is404) {
        await app.requireAccess('read')(request, reply);
        if (reply.sent) return reply;
        return spendRouteBudget(request, reply);
      }
      return undefined;
    });
  },
  { name: 'rate-limits', dependencies: ['auth'] },
);
