import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { HttpError } from '../http-error.ts';

export interface HardeningOptions {
  allowedOrigins: readonly string[];
  redis: Redis;
  queuePrefix: string;
}

/**
 * Security headers, CORS limited to the known origins, and the rate-limit machinery (each
 * mutating route sets its own limit with `config.rateLimit`). Counters live in Redis so every
 * API replica counts the same caller together; if Redis is away, requests are let through
 * rather than refused (skipOnError).
 */
export const hardeningPlugin = fp(
  async (app: FastifyInstance, options: HardeningOptions) => {
    await app.register(helmet, { global: true });
    const allowed = new Set(options.allowedOrigins);
    await app.register(cors, {
      // No Origin header: not a browser, nothing to allow. Unknown origins get no CORS headers,
      // so browsers refuse to hand them the answer.
      origin: (origin, callback) => callback(null, !origin || allowed.has(origin)),
      credentials: true,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
    });
    await app.register(rateLimit, {
      global: false,
      redis: options.redis,
      nameSpace: `${options.queuePrefix}:rate-limit:`,
      skipOnError: true,
      hook: 'preHandler',
      // After authentication: one budget per principal, not per IP behind the ingress.
      keyGenerator: (request) => {
        const principal = request.principal;
        if (!principal) return request.ip;
        return principal.kind === 'service' ? 'service' : principal.clerkUserId;
      },
      errorResponseBuilder: (_request, context) =>
        new HttpError(
          429,
          'rate_limited',
          `Too many requests: the limit is ${context.max} per minute. Try again in ${context.after}.`,
        ),
    });
  },
  { name: 'hardening', dependencies: ['auth'] },
);
