import { PRIORITIES } from '@scheduler/db';
import { effectiveRetention } from '@scheduler/jobs';
import { describeTiming } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { type StatsSource, typeStatsSchema } from '../stats.ts';
import { retentionSchema, toRetentionView } from './retention.ts';
import { nextRunAtOf } from './schedule-view.ts';
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
  declaredSchedule: z
    .string()
    .nullable()
    .describe("The name of the schedule the type's code declares (see GET /api/schedules/:name), or null"),
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
  retention: retentionSchema.describe('How long its finished jobs are kept before they are archived'),
  duration: z
    .object({ p50: z.number(), p90: z.number(), samples: z.number().int() })
    .nullable()
    .describe('Seconds, over the newest completed runs; null without history'),
});

/** What the dashboard shows about the catalogue and how it has been doing. */
export const catalogueRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps; stats: StatsSource }> = async (
  app,
  { deps, stats },
) => {
  const { catalogue } = deps;
  const declaredBy = new Map(deps.scheduleService.declarations.map((d) => [d.jobType, d.name]));

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
      const [durations, schedules, retentionOverrides] = await Promise.all([
        deps.jobStats.durations(catalogue.names),
        deps.schedules.list(),
        deps.jobTypeSettings.retentionOverrides(),
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
          declaredSchedule: declaredBy.get(definition.name) ?? null,
          schedules: schedules
            .filter((s) => s.jobType === definition.name)
            .map((s) => ({
              name: s.name,
              enabled: s.enabled,
              cron: s.cron,
              everyMs: s.everyMs,
              timezone: s.timezone,
              when: describeTiming(s),
              nextRunAt: nextRunAtOf(s),
            })),
          retention: toRetentionView(effectiveRetention(definition, retentionOverrides.get(definition.name))),
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
            types: z.array(typeStatsSchema),
          }),
          400: errorSchema,
          401: errorSchema,
        },
      },
    },
    async (request) => stats.of(request.query.days),
  );
};
