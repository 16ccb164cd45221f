import { checkReadiness } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DatabaseWatch } from '../database-watch.ts';
import type { ApiDeps } from '../deps.ts';

/** Liveness (the original service's exact shape) and readiness (Postgres and Redis answer). */
export const healthRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps; database: DatabaseWatch }> = async (
  app,
  { deps, database },
) => {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness',
        tags: ['health'],
        security: [],
        response: {
          200: z.object({
            status: z.literal('healthy'),
            service: z.literal('scheduler-service'),
            timestamp: z.string(),
          }),
        },
      },
    },
    async () => ({
      status: 'healthy' as const,
      service: 'scheduler-service' as const,
      timestamp: new Date().toISOString(),
    }),
  );

  let lastProblems = '';
  app.get(
    '/health/ready',
    {
      schema: {
        summary: 'Readiness: 200 only when Postgres and Redis answer',
        description: 'Each dependency is ok or unavailable; what went wrong is in the log, not here.',
        tags: ['health'],
        security: [],
        response: {
          200: z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.enum(['ok', 'unavailable'])) }),
          503: z.object({
            status: z.literal('unready'),
            error: z.string(),
            message: z.string(),
            checks: z.record(z.string(), z.enum(['ok', 'unavailable'])),
          }),
        },
      },
    },
    async (request, reply) => {
      const { ready, checks, message, problems } = await checkReadiness({
        // The same verdict the routes act on, then a fresh look.
        postgres: async () => {
          if (database.problem) throw new Error(database.problem);
          await deps.sql`SELECT 1`;
        },
        redis: () => deps.redis.ping(),
      });
      if (ready) {
        lastProblems = '';
        return reply.code(200).send({ status: 'ready' as const, checks });
      }
      // Anyone may ask: the answer names what is down, the log says why (once per change, not per probe).
      const why = JSON.stringify(problems);
      if (why !== lastProblems) request.log.warn({ problems }, `unready: ${message}`);
      lastProblems = why;
      return reply.code(503).send({ status: 'unready' as const, error: 'unavailable', message, checks });
    },
  );
};
