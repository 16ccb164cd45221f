import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import fp from 'fastify-plugin';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { errorBody } from '../http-error.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Answers 405 with `Allow` when `request`'s path is a route under other methods; resolves
     * false (and sends nothing) when it is not. `staticOnly`: count only routes without
     * parameters, for a request that did reach a route of its method through a parameter
     * (GET /api/jobs/trigger reaching GET /api/jobs/:jobId).
     */
    answerWrongMethod(request: FastifyRequest, reply: FastifyReply, staticOnly: boolean): boolean;
  }
}

const METHODS: readonly HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * A method a path does not take is a 405 that names the ones it does, as HTTP says, not a 404
 * (or a 400 about a parameter). Fastify's router only answers per method, so every route is
 * also put in a router of our own that can be asked about the others.
 */
export const methodNotAllowedPlugin = fp(
  async (app: FastifyInstance) => {
    const routes = FindMyWay({ ignoreTrailingSlash: true });
    app.addHook('onRoute', (route) => {
      // CORS preflight answers OPTIONS everywhere; a catch-all matches every path.
      if (route.url === '*' || route.url === '/*') return;
      const methods = ([] as HTTPMethods[])
        .concat(route.method)
        .filter((m): m is HTTPMethod => METHODS.includes(m as HTTPMethod));
      for (const method of methods) {
        if (!routes.hasRoute(method, route.url)) routes.on(method, route.url, () => {}, { url: route.url });
      }
    });

    app.decorate('answerWrongMethod', (request: FastifyRequest, reply: FastifyReply, staticOnly: boolean) => {
      const path = request.url.split('?')[0] ?? '/';
      // A route of this very method answered "not found" itself (a missing file): not a 405.
      if (!staticOnly && routes.find(request.method as HTTPMethod, path)) return false;
      const matches = METHODS.filter((m) => m !== request.method).flatMap((method) => {
        const found = routes.find(method, path);
        return found ? [{ method, exact: !/[:*]/.test((found.store as { url: string }).url) }] : [];
      });
      // A route spelled out for this very path outranks ones that reach it through a parameter.
      const exact = matches.filter((m) => m.exact);
      const allowed = (exact.length > 0 || staticOnly ? exact : matches).map((m) => m.method);
      if (allowed.length === 0) return false;
      void reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(
          errorBody('method_not_allowed', `${path} does not take ${request.method}; it takes ${allowed.join(', ')}`, {
            allowed,
          }),
        );
      return true;
    });
  },
  { name: 'method-not-allowed' },
);
