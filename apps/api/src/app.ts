import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiDeps } from './deps.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { docsRoutes, openApiPlugin } from './plugins/openapi.ts';
import { serviceKeyAuthPlugin } from './plugins/service-key-auth.ts';
import { healthRoutes } from './routes/health.ts';
import { jobsRoutes } from './routes/jobs.ts';

/**
 * The whole API as one plugin, with no `listen`: server.ts listens, tests use `inject`.
 * Closing the app closes the connections in `deps`.
 */
export async function app(fastify: FastifyInstance, { deps }: { deps: ApiDeps }) {
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);
  // Write routes take JSON only; anything else is a 415, not a guess.
  fastify.removeContentTypeParser('text/plain');

  await fastify.register(errorsPlugin);
  await fastify.register(openApiPlugin);
  await fastify.register(serviceKeyAuthPlugin, { serviceKey: deps.config.SCHEDULER_SERVICE_KEY });
  await fastify.register(healthRoutes, { deps });

  // Everything below requires authentication.
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request) => scope.requireAuth(request));
    await scope.register(jobsRoutes, { deps, prefix: '/api' });
  });
  await fastify.register(docsRoutes);

  fastify.addHook('onClose', async () => deps.close());
}

/** A ready Fastify instance with the API registered. */
export async function buildApp(deps: ApiDeps, options: FastifyServerOptions = {}) {
  const instance = Fastify({
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    logger: {
      level: deps.config.LOG_LEVEL,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-service-token"]'],
        censor: '[redacted]',
      },
    },
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    ...options,
  }).withTypeProvider<ZodTypeProvider>();
  await instance.register(app, { deps });
  await instance.ready();
  return instance;
}
