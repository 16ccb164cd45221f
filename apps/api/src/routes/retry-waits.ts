import type { RetryWaitRecord } from '@scheduler/db';
import { promoteJob } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { backoffDelayMs } from '../job-display.ts';
import { assertKnownTypes } from '../job-search-params.ts';
import { jobSummarySchema, jobViewSchema, toJobSummary, toJobView } from '../job-view.ts';
import { delayedUntil } from '../retry-wait-times.ts';
import { viewContextOf } from '../view-context.ts';
import { asJobHttpError, commandHttpError } from './job-errors.ts';
import { errorSchema, pageParams } from './shared-schemas.ts';

/** The most jobs one "run all matching now" moves; the rest wait for another call. */
export const RUN_ALL_MAX = 1000;

const filterFields = {
  type: z.string().min(1).max(100).optional().describe('Only jobs of this type'),
  error: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("Only jobs whose failed attempt's error contains this text (any case)"),
};

const retryWaitSchema = jobSummarySchema.extend({
  nextTryAt: z.string().describe('When BullMQ runs the job again'),
  nextTryFrom: z
    .enum(['queue', 'backoff'])
    .describe(
      "`queue`: BullMQ's delayed job (what holds); `backoff`: computed from the failed attempt's end and the type's backoff, when Redis did not say",
    ),
  failedAttempt: z.number().int().describe('The attempt that failed'),
  attemptError: z.string().nullable().describe("That attempt's error"),
});

export const retryWaitsRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const knownType = (type: string | undefined) => assertKnownTypes(deps.catalogue, type ? [type] : undefined);

  app.get(
    '/retry-waits',
    {
      schema: {
        summary: 'Jobs waiting between attempts, with their next try and the error that sent them there',
        description:
          'Pending jobs whose newest attempt failed, held by BullMQ for their backoff; those that failed longest ago first.',
        tags: ['jobs'],
        querystring: z.strictObject({ ...filterFields, ...pageParams }),
        response: {
          200: z.object({
            jobs: z.array(retryWaitSchema),
            total: z.number().int().describe('Matches, counted up to 10,000'),
            totalIsExact: z.boolean(),
            page: z.number().int(),
            limit: z.number().int(),
          }),
          400: errorSchema,
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const query = request.query;
      knownType(query.type);
      const [{ jobs, total, totalIsExact }, context] = await Promise.all([
        deps.retryWaits.list(query),
        viewContextOf(deps, request),
      ]);
      const queued = await delayedUntil(deps.redis, deps.queues, jobs);
      return {
        jobs: jobs.map((job) => ({ ...toJobSummary(job, context), ...nextTry(job, queued.get(job.id)) })),
        total,
        totalIsExact,
        page: query.page,
        limit: query.limit,
      };
    },
  );

  // When BullMQ runs it: its delayed job's time, else the backoff from the row (as the display does).
  const nextTry = (job: RetryWaitRecord, queuedAt: Date | undefined) => {
    const backoff = deps.catalogue.get(job.jobType)?.defaults.backoff;
    const computed = new Date(job.lastFailureAt.getTime() + (backoff ? backoffDelayMs(backoff, job.attempts) : 0));
    return {
      nextTryAt: (queuedAt ?? computed).toISOString(),
      nextTryFrom: queuedAt ? ('queue' as const) : ('backoff' as const),
      failedAttempt: job.attempts,
      attemptError: job.attemptError,
    };
  };

  const promote = (id: string, jobType: string) =>
    promoteJob({ ...deps, log: app.log }, { queueName: jobType, jobId: id });

  app.post(
    '/jobs/:jobId/run-now',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'job.run_now', fields: [] } },
      schema: {
        summary: 'Run a job waiting to retry now, instead of at the end of its backoff',
        description:
          "Moves the job's delayed BullMQ job forward (promote): a worker takes it as soon as one is free. A job " +
          'not waiting to retry (queued, running, finished): 409 `not_waiting`.',
        tags: ['jobs'],
        params: z.strictObject({ jobId: z.uuid({ message: 'must be a job id (a UUID)' }) }),
        response: {
          200: jobViewSchema,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      const { jobId } = request.params;
      request.auditTarget = jobId;
      const job = await deps.jobs.get(jobId);
      if (!job) throw new HttpError(404, 'not_found', `No job with id ${jobId}`);
      if (!(await deps.retryWaits.isWaiting(jobId))) {
        throw new HttpError(
          409,
          'not_waiting',
          `Job ${jobId} is not waiting to retry: it is ${job.status}${job.status === 'pending' ? ' (queued, not after a failed attempt)' : ''}`,
          { status: job.status },
        );
      }
      await promote(jobId, job.jobType).catch(asJobHttpError);
      return toJobView(job, await viewContextOf(deps, request));
    },
  );

  app.post(
    '/retry-waits/run-now',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'retry_waits.run_now', fields: ['type', 'error', 'max'] } },
      schema: {
        summary: 'Run every job waiting to retry that matches, now',
        description:
          `Moves up to \`max\` (at most ${RUN_ALL_MAX}) matching jobs forward, those that failed longest ago first, ` +
          'each as POST /api/jobs/:jobId/run-now does. Answers how many matched and moved, and why any did not ' +
          '(e.g. it started meanwhile); `more` says whether matches were left for another call.',
        tags: ['jobs'],
        body: z.strictObject({
          ...filterFields,
          max: z.number().int().min(1).max(RUN_ALL_MAX).default(RUN_ALL_MAX),
        }),
        response: {
          200: z.object({
            matched: z.number().int(),
            moved: z.number().int(),
            notMoved: z.array(z.object({ id: z.uuid(), reason: z.string() })),
            more: z.boolean().describe('More jobs matched than `max`: call again for the rest'),
          }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request) => {
      const { type, error, max } = request.body;
      knownType(type);
      request.auditTarget = type ?? null;
      // One more than asked, to tell whether any are left.
      const matches = await deps.retryWaits.matching({ type, error }, max + 1);
      const batch = matches.slice(0, max);
      const notMoved: Array<{ id: string; reason: string }> = [];
      for (const { id, jobType } of batch) {
        try {
          await promote(id, jobType);
        } catch (caught) {
          const refusal = commandHttpError(caught);
          if (!refusal) throw caught;
          notMoved.push({ id, reason: refusal.message });
        }
      }
      return { matched: batch.length, moved: batch.length - notMoved.length, notMoved, more: matches.length > max };
    },
  );
};
