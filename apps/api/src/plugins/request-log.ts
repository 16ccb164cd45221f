import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

// Probes and scrapes come every few seconds; a person reading the log wants the calls.
const QUIET_ROUTES = new Set(['/health', '/health/ready', '/metrics']);

/**
 * One log line per request, once it is answered: "GET /api/jobs 200 3 ms", with the request
 * id, the caller and the route. 5xx at error, 4xx at warn; health checks and metric scrapes
 * at debug. The query string is left out: it is for filters, not for the log.
 */
export const requestLogPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onResponse', async (request, reply) => {
      const path = request.url.split('?')[0] ?? request.url;
      const status = reply.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : QUIET_ROUTES.has(path) ? 'debug' : 'info';
      const principal = request.principal;
      const by = principal
        ? principal.kind === 'service'
          ? 'service'
          : `${principal.clerkUserId} (${principal.role ?? 'no role'})`
        : null;
      request.log[level](
        {
          method: request.method,
          path,
          route: request.routeOptions.url ?? null,
          status,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          ...(by ? { by } : {}),
        },
        `${request.method} ${path} ${status} ${Math.round(reply.elapsedTime)} ms`,
      );
    });
  },
  { name: 'request-log' },
);
