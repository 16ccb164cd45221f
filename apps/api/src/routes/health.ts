import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';

const CHECK_TIMEOUT_MS = 1500;

/** Liveness (the original document's exact shape) and readiness (Postgres and Redis answer). */
export const healthRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
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

  app.get(
    '/health/ready',
    {
      schema: {
        summary: 'Readiness: 200 only when Postgres and Redis answer',
        tags: ['health'],
        security: [],
        response: {
          200: z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.string()) }),
          503: z.object({
            status: z.literal('unready'),
            error: z.string(),
            message: z.string(),
            checks: z.record(z.string(), z.string()),
          }),
        },
      },
    },
    async (_request, reply) => {
      const [postgres, redis] = await Promise.all([
        check(async () => {
          await deps.sql`SELECT 1`;
        }),
        check(async () => {
          await deps.redis.ping();
        }),
      ]);
      const checks = { postgres, redis };
      const failed = Object.entries(checks).filter(([, outcome]) => outcome !== 'ok');
      if (failed.length === 0) return reply.code(200).send({ status: 'ready' as const, checks });
      return reply.code(503).send({
        status: 'unready' as const,
        error: 'unavailable',
        message: failed.map(([name, outcome]) => `${name}: ${outcome}`).join('; '),
        checks,
      });
    },
  );
};

async function check(probe: () => Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS}ms`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe().then(() => 'ok'), timeout]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
