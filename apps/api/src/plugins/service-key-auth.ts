import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody } from '../http-error.ts';

export interface Principal {
  kind: 'service';
  /** What goes into `started_by`. */
  id: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

// Hashing first makes the comparison constant-time whatever the lengths.
const digest = (value: string) => createHash('sha256').update(value).digest();

export const SERVICE_PRINCIPAL: Principal = { kind: 'service', id: 'service' };

/**
 * Until Clerk sessions arrive, every protected route needs `Authorization: Bearer <service key>`.
 * Decorates the request with the principal; `requireAuth` is the hook protected scopes add.
 */
export const serviceKeyAuthPlugin = fp(
  async (app: FastifyInstance, options: { serviceKey: string }) => {
    const expected = digest(options.serviceKey);
    app.decorateRequest('principal', null);
    // Answers 401 itself (rather than throwing) so that scopes with an error handler of their
    // own, such as Bull Board's, still send the API's error shape.
    app.decorate('requireAuth', async (request: FastifyRequest, reply: FastifyReply) => {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) {
        return reply
          .code(401)
          .send(errorBody('unauthorized', 'Authentication required: send Authorization: Bearer <token>'));
      }
      if (!timingSafeEqual(digest(match[1]), expected)) {
        return reply.code(401).send(errorBody('unauthorized', 'The token is not valid'));
      }
      request.principal = SERVICE_PRINCIPAL;
    });
  },
  { name: 'auth' },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook: sets `request.principal`, or answers 401. */
    requireAuth: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  }
}
