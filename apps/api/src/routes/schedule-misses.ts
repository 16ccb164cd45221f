import { createScheduleMisses } from '@scheduler/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { scheduleMissView, toMissView } from './schedule-view.ts';
import { errorSchema, scheduleNameParam } from './shared-schemas.ts';

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
        params: scheduleNameParam,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: {
          200: z.object({ misses: z.array(scheduleMissView) }),
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
      return { misses: recent.map((miss) => toMissView(miss, schedule.timezone)) };
    },
  );
};
