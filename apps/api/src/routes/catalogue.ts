import { JOB_STATUSES, PRIORITIES } from '@scheduler/db';
import { describeTiming, nextFireTime, queueCounts } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { errorSchema } from './shared-schemas.ts';

const jobTypeView = z.object({
  name: z.string(),
  description: z.string(),
  payloadSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the payload (draft 2020-12)'),
  defaults: z.object({
    attempts: z.number().int(),
    backoff: z.object({ type: z.string(), delay: z.number() }),
    timeoutMs: z.number().int(),
    concurrency: z.number().int(),
    priority: z.enum(PRIORITIES),
    rateLimit: z.object({ max: z.number().int(), durationMs: z.number().int() }).nullable(),
    exclusive: z.boolean().describe('Runs one at a time'),
  }),
  implemented: z.boolean(),
  schedules: z.array(
    z.object({
      name: z.string(),
      enabled: z.boolean(),
      cron: z.string().nullable(),
      everyMs: z.number().nullable(),
      timezone: z.string(),
      when: z.string().describe('The timing in words, from the cron or interval itself'),
      nextRunAt: z.string().nullable(),
    }),
  ),
  duration: z
    .object({ p50: z.number(), p90: z.number(), samples: z.number().int() })
    .nullable()
    .describe('Seconds, over the newest completed runs; null without history'),
});

const typeStats = z.object({
  jobType: z.string(),
  counts: z.object(
    Object.fromEntries(JOB_STATUSES.map((s) => [s, z.number().int()])) as Record<
      (typeof JOB_STATUSES)[number],
      z.ZodNumber
    >,
  ),
  successRate: z.number().nullable().describe('completed / (completed + failed)'),
  duration: z
    .object({ avg: z.number(), p50: z.number(), p95: z.number() })
    .nullable()
    .describe('Seconds, completed runs'),
  itemsProcessed: z.number().int(),
  queue: z
    .record(z.string(), z.number().int())
    .nullable()
    .describe('Jobs in the queue now, by state; null if Redis did not answer'),
});

/** How long a stats answer is served as fresh. */
const STATS_FRESH_MS = 5000;

/** What the dashboard shows about the catalogue and how it has been doing. */
export const catalogueRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const { catalogue } = deps;

  app.get(
    '/job-types',
    {
      schema: {
        summary: 'Every job type: description, payload schema, defaults, schedules, typical duration',
        tags: ['catalogue'],
        response: { 200: z.object({ jobTypes: z.array(jobTypeView) }), 401: errorSchema },
      },
    },
    async () => {
      const [durations, schedules] = await Promise.all([
        deps.jobStats.durations(catalogue.names),
        deps.schedules.list(),
      ]);
      return {
        jobTypes: catalogue.all.map((definition) => ({
          name: definition.name,
          description: definition.description,
          payloadSchema: z.toJSONSchema(definition.payload, { io: 'input', unrepresentable: 'any' }) as Record<
            string,
            unknown
          >,
          defaults: {
            ...definition.defaults,
            rateLimit: definition.defaults.rateLimit ?? null,
            exclusive: definition.exclusive ?? false,
          },
          implemented: definition.handler !== undefined,
          schedules: schedules
            .filter((s) => s.jobType === definition.name)
            .map((s) => ({
              name: s.name,
              enabled: s.enabled,
              cron: s.cron,
              everyMs: s.everyMs,
              timezone: s.timezone,
              when: describeTiming(s),
              nextRunAt: s.enabled ? (nextFireTime(s)?.toISOString() ?? null) : null,
            })),
          duration: durations.get(definition.name) ?? null,
        })),
      };
    },
  );

  app.get(
    '/stats',
    {
      schema: {
        summary: 'How each job type has been doing over the last N days, and its queue now',
        tags: ['catalogue'],
        querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(365).default(7) }),
        response: {
          200: z.object({
            days: z.number().int(),
            since: z.string(),
            computedAt: z.string().describe('When these figures were computed (they are shared for a few seconds)'),
            types: z.array(typeStats),
          }),
          400: errorSchema,
          401: errorSchema,
        },
      },
    },
    async (request) => (await statsCache.fetch(request.query.days)) as StatsAnswer,
  );

  /** Stats of the last `days` days, computed now. */
  async function computeStats(days: number) {
    const since = new Date(Date.now() - days * 86_400_000);
    const [rows, queues] = await Promise.all([deps.jobStats.since(since), queueDepths(deps)]);
    const byType = new Map(rows.map((r) => [r.jobType, r]));
    const empty = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as (typeof rows)[number]['counts'];
    return {
      days,
      since: since.toISOString(),
      computedAt: new Date().toISOString(),
      types: catalogue.names.map((name) => ({
        ...(byType.get(name) ?? { jobType: name, counts: empty, successRate: null, duration: null, itemsProcessed: 0 }),
        queue: queues.get(name) ?? null,
      })),
    };
  }
  type StatsAnswer = Awaited<ReturnType<typeof computeStats>>;

  // A dashboard polls stats; aggregating 100,000s of rows for each poll of each admin is waste.
  // Answers are shared for STATS_FRESH_MS; after that the last answer is still served while one
  // refresh runs in the background (lru-cache's stale-while-revalidate), so no caller waits on
  // the aggregate once it has been computed. `computedAt` says how fresh an answer is.
  const statsCache = new LRUCache<number, StatsAnswer>({
    max: 400,
    ttl: STATS_FRESH_MS,
    allowStale: true,
    fetchMethod: (days) => computeStats(days),
  });
};

/** Current jobs per state of each type's queue; a queue Redis does not answer for is left out. */
async function queueDepths(deps: ApiDeps): Promise<Map<string, Record<string, number>>> {
  const entries = await Promise.all(
    deps.catalogue.names.map(async (name) => {
      const queue = deps.queues.get(name);
      const counts = queue ? await queueCounts(queue) : null;
      return [name, counts] as const;
    }),
  );
  return new Map(entries.filter((e): e is [string, Record<string, number>] => e[1] !== null));
}
