import { createScheduleMisses, type ScheduleMiss } from '@scheduler/db';
import { describeMiss } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { errorSchema } from './shared-schemas.ts';

const isoTime = z.iso.datetime({ offset: true });

/** A settling of missed slots as the API shows it (the schedule view's `lastMiss` has the same form). */
export const scheduleMissSchema = z.object({
  id: z.string(),
  scheduleName: z.string(),
  firstSlotAt: isoTime,
  lastSlotAt: isoTime,
  slots: z.number().int().describe('How many slots nobody ran in time'),
  policy: z.enum(['skip', 'run_once', 'catch_up']).describe('The missed-run policy in force when they were settled'),
  action: z.enum(['skipped', 'ran_once', 'caught_up']),
  runIds: z.array(z.string()).describe('The runs started for them (none when skipped)'),
  settledAt: isoTime,
  summary: z.string().describe('"missed 02:00–05:00 (3 slots): ran once at 05:02", in the schedule\'s time zone'),
});

/** A miss as the API shows it, its summary in the schedule's zone. */
export const missView = (miss: ScheduleMiss, timezone: string) => ({
  id: miss.id,
  scheduleName: miss.scheduleName,
  firstSlotAt: miss.firstSlotAt.toISOString(),
  lastSlotAt: miss.lastSlotAt.toISOString(),
  slots: miss.slots,
  policy: miss.policy,
  action: miss.action,
  runIds: miss.runIds,
  settledAt: miss.settledAt.toISOString(),
  summary: describeMiss(miss, timezone),
});

/** What a schedule missed and what was done about it, newest first. */
export const scheduleMissesRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const misses = createScheduleMisses(deps.sql);

  app.get(
    '/schedules/:name/misses',
    {
      schema: {
        summary: 'What a schedule missed and what was done about it',
        description:
          'Each settling of slots nobody ran in time (no worker serving the queue, the queue paused, Redis lost, ' +
          'a deploy), newest first: the slots, the missed-run policy and what it did.',
        tags: ['schedules'],
        params: z.strictObject({
          name: z
            .string()
            .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - and _ (up to 63 characters)'),
        }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: {
          200: z.object({ misses: z.array(scheduleMissSchema) }),
          400: errorSchema,
          401: errorSchema,
          404: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request) => {
      const schedule = await deps.schedules.get(request.params.name);
      if (!schedule) throw new HttpError(404, 'not_found', `No schedule named "${request.params.name}"`);
      const recent = await misses.recent(schedule.name, request.query.limit);
      return { misses: recent.map((miss) => missView(miss, schedule.timezone)) };
    },
  );
};
