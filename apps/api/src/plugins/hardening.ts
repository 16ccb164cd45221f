import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

export interface HardeningOptions {
  allowedOrigins: readonly string[];
}

/** Security headers, and CORS limited to the known origins. Rate limits are rate-limits.ts. */
export const hardeningPlugin = fp(
  async (app: FastifyInstance, options: HardeningOptions) => {
    // helmet's default headers, its middleware built once. (@fastify/helmet builds it again for
    // every request, Content-Security-Policy parsing included.) Routes that need another policy
    // (the dashboard, the API docs, Bull Board) set their own header, which replaces this one.
    const securityHeaders = helmet();
    // helmet 8 sets the headers at once and throws rather than passing an error on.
    app.addHook('onRequest', (request, reply, done) => {
      securityHeaders(request.raw, reply.raw, ignore);
      done();
    });
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

const ignore = () => {};
