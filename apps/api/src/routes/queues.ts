import { MAX_QUEUE_PAUSE_MS, QueueControlError } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { queuePauseSchema, queuePauseView } from '../job-view.ts';
import { actorOf } from '../plugins/auth.ts';
import { errorSchema } from './shared-schemas.ts';

const queueState = z
  .object({
    jobType: z.string(),
    paused: z.boolean().describe('Its waiting jobs do not start until it is resumed'),
    pause: queuePauseSchema.nullable().describe('The pause, while it holds'),
  })
  .meta({ id: 'QueueState' });

const jobTypeParam = z.strictObject({
  type: z
    .string()
    .regex(/^[a-z0-9_]{1,100}$/, 'must be a job type name (lower-case letters, digits and _)')
    .describe('The job type whose queue it is'),
});

const STATUS_OF: Record<QueueControlError['code'], number> = { unknown_type: 404, not_paused: 409, invalid_until: 400 };

/** A refusal of the queue control, as the API answers it. */
async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof QueueControlError) {
      throw new HttpError(
        STATUS_OF[error.code],
        error.code === 'unknown_type' ? 'not_found' : error.code,
        error.message,
      );
    }
    throw error;
  }
}

/**
 * Queue control: pause a job type's queue (until a time, or until resumed) and resume it. The
 * pause is a row of `queue_pauses`, applied to BullMQ by every API and worker process (see
 * packages/runtime/src/queue-control.ts); Bull Board's pause and resume buttons come here too.
 */
export const queuesRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const control = deps.pauses;
  const types = deps.catalogue.names.filter((name) => deps.queues.get(name));
  const stateOf = async (jobType: string) => {
    const pause = (await control.current()).get(jobType);
    return { jobType, paused: pause !== undefined, pause: pause ? queuePauseView(pause) : null };
  };

  app.get(
    '/queues',
    {
      schema: {
        summary: "Every job type's queue: paused or not, since when, by whom, until when",
        tags: ['queues'],
        response: { 200: z.object({ queues: z.array(queueState) }), 401: errorSchema },
      },
    },
    async () => ({ queues: await Promise.all(types.map(stateOf)) }),
  );

  const commandResponses = {
    200: queueState,
    400: errorSchema,
    401: errorSchema,
    403: errorSchema,
    404: errorSchema,
    409: errorSchema,
    503: errorSchema,
  };

  app.post(
    '/queues/:type/pause',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'queue.pause', fields: ['until', 'reason'] } },
      schema: {
        summary: "Pause a job type's queue, until a time or until resumed",
        description:
          'Its waiting and new jobs stay queued (pending) and none starts; running jobs finish. Schedule ticks of ' +
          "the type wait too: their slots are settled by each schedule's missed-run policy once the queue is " +
          'resumed. With `until` the queue resumes by itself then, whichever process sees it first. The pause is ' +
          'kept in Postgres and applied to BullMQ at every start, so restarts and a Redis that lost its data do ' +
          'not resume it. Pausing a paused queue changes its end and reason (since stays).',
        tags: ['queues'],
        params: jobTypeParam,
        body: z
          .strictObject({
            until: z.iso
              .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-12-24T08:00:00Z' })
              .nullable()
              .optional()
              .describe(
                `When it resumes by itself: in the future, at most ${MAX_QUEUE_PAUSE_MS / 86_400_000} days ahead`,
              ),
            reason: z.string().trim().min(1).max(500).nullable().optional().describe('Why, shown with the pause'),
          })
          .nullish(),
        response: commandResponses,
      },
    },
    async (request) => {
      const { type } = request.params;
      request.auditTarget = type;
      const { until, reason } = request.body ?? {};
      const pause = await answered(
        control.pause(type, { until: until ? new Date(until) : null, reason }, actorOf(request.principal)),
      );
      return { jobType: type, paused: true, pause: queuePauseView(pause) };
    },
  );

  app.post(
    '/queues/:type/resume',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'queue.resume', fields: [] } },
      schema: {
        summary: "Resume a job type's paused queue",
        description: 'Its waiting jobs start as workers take them. 409 when it is not paused.',
        tags: ['queues'],
        params: jobTypeParam,
        response: commandResponses,
      },
    },
    async (request) => {
      const { type } = request.params;
      request.auditTarget = type;
      await answered(control.resume(type));
      return stateOf(type);
    },
  );
};
