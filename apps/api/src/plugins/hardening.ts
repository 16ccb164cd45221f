import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface HardeningOptions {
  allowedOrigins: readonly string[];
}

/** Security headers, and CORS limited to the known origins. Rate limits are rate-limits.ts. */
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
  },
  { name: 'hardening' },
);
