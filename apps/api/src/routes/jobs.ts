import { JOB_STATUSES, type JobRecord, LOG_LEVELS, PRIORITIES } from '@scheduler/db';
import { cancelJob, retryJob } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { estimateCompletion, etaSchema } from '../eta.ts';
import { HttpError } from '../http-error.ts';
import { jobListingSerializer } from '../job-listing-serializer.ts';
import {
  assertKnownTypes,
  FILTER_PARAM_NAMES,
  filtersOfQuery,
  jobFilterParams,
  searchOf,
  searchTooBroad,
} from '../job-search-params.ts';
import { attemptViewSchema, jobViewSchema, toAttemptView, toJobView } from '../job-view.ts';
import { actorOf } from '../plugins/auth.ts';
import { viewContextOf } from '../view-context.ts';
import { asJobHttpError } from './job-errors.ts';
import { bigintIdParam, errorSchema, pageParams, tagsSchema } from './shared-schemas.ts';
import { startJob } from './start-job.ts';

const triggerBody = z.strictObject({
  jobType: z.string().min(1).max(100).describe('One of the types listed by the catalogue'),
  payload: z.record(z.string(), z.unknown()).optional().describe("Checked against the type's payload schema"),
  priority: z.enum(PRIORITIES).optional(),
  tags: tagsSchema.optional(),
  triggeredBy: z
    .unknown()
    .optional()
    .describe('Accepted for compatibility and ignored: the actor comes from authentication'),
});

export const triggerAnswer = z.object({
  jobId: z.uuid(),
  id: z.uuid(),
  status: z.enum(JOB_STATUSES),
  startedAt: z.string().nullable(),
  createdAt: z.string(),
});

/** What a trigger answers: the original service's fields, and the job id under both names. */
export const toTriggerAnswer = (job: JobRecord): z.infer<typeof triggerAnswer> => ({
  jobId: job.id,
  id: job.id,
  status: job.status,
  startedAt: job.startedAt?.toISOString() ?? null,
  createdAt: job.createdAt.toISOString(),
});

export const listQuery = z
  .strictObject({
    ...jobFilterParams,
    q: z
      .string()
      .max(2000)
      .optional()
      .describe(
        "The dashboard's query language instead of the typed filters, e.g. `type:weekly_digest status:failed " +
          'payload.isoWeek:2026-W48 tag:backfill schedule:nightly id:3fa85f64 "ECONNRESET"` (keys: type, status, tag, ' +
          'schedule, id, startedBy, from, to, payload.<path>, payload:{json}, error; quoted or bare words: error text). ' +
          'A term it cannot read is a 400 invalid_query naming it.',
      ),
    after: z.uuid({ message: 'must be the id of the last job of the previous page' }).optional(),
    ...pageParams,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '"from" must not be after "to"', path: ['from'] })
  .refine((q) => !q.after || q.page === 1, { message: 'use "after" or "page", not both', path: ['after'] })
  .refine((q) => q.q === undefined || FILTER_PARAM_NAMES.every((name) => q[name] === undefined), {
    message: 'use "q" or the typed filters (type, status, tag, …), not both',
    path: ['q'],
  });

export const jobsRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.post(
    '/jobs/trigger',
    {
      onRequest: app.requireAccess('write'),
      config: {
        audit: { action: 'job.trigger', fields: ['jobType', 'payload', 'priority', 'tags'] },
      },
      schema: {
        summary: 'Start a job now',
        description:
          'Records the job (pending) and queues it. Answers once the record is committed. With an ' +
          'Idempotency-Key header, a repeat within 24 hours gets the first answer and creates nothing.',
        tags: ['jobs'],
        body: triggerBody,
        response: {
          202: triggerAnswer,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          409: errorSchema,
          422: errorSchema,
          429: errorSchema,
          501: errorSchema,
        },
      },
    },
    async (request, reply) => {
      // A triggeredBy in the body is ignored: the actor comes from authentication.
      const { jobType, payload, priority, tags } = request.body;
      const job = await startJob(deps, request, { jobType, payload, priority, tags });
      request.auditTarget = job.id;
      return reply.code(202).send(toTriggerAnswer(job));
    },
  );

  const jobIdParam = z.strictObject({ jobId: z.uuid({ message: 'must be a job id (a UUID)' }) });

  app.post(
    '/jobs/:jobId/cancel',
    {
      onRequest: app.requireAccess('write'),
      config: { audit: { action: 'job.cancel', fields: [] } },
      schema: {
        summary: 'Stop a job',
        description:
          'A queued job is removed and answers `cancelled` (200). A running job is signalled on whichever worker ' +
          'runs it, stops at its next checkpoint and becomes `cancelled` with its partial result; the answer is ' +
          '202 with the job still `running`. A finished job: 409.',
        tags: ['jobs'],
        params: jobIdParam,
        response: {
          200: jobViewSchema,
          202: jobViewSchema,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { jobId } = request.params;
      request.auditTarget = jobId;
      const job = await cancelJob({ ...deps, log: request.log }, jobId).catch(asJobHttpError);
      return reply
        .code(job.status === 'cancelled' ? 200 : 202)
        .send(toJobView(job, await viewContextOf(deps, request)));
    },
  );

  app.post(
    '/jobs/:jobId/retry',
    {
      onRequest: app.requireAccess('write'),
      config: {
        audit: { action: 'job.retry', fields: ['payload'] },
      },
      schema: {
        summary: 'Run a failed or cancelled job again',
        description:
          'Creates a new job with the same type, payload and priority, linked to the original by retryOf. With ' +
          '`payload`, the new job runs with that payload instead (checked against the type); the original keeps its own.',
        tags: ['jobs'],
        params: jobIdParam,
        body: z
          .strictObject({
            payload: z.record(z.string(), z.unknown()).optional().describe('Run the retry with this payload instead'),
          })
          .nullish(),
        response: {
          202: triggerAnswer,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { jobId } = request.params;
      request.auditTarget = jobId;
      const payload = request.body?.payload;
      const job = await retryJob({ ...deps, log: request.log }, jobId, actorOf(request.principal), payload).catch(
        asJobHttpError,
      );
      return reply.code(202).send(toTriggerAnswer(job));
    },
  );

  app.get(
    '/jobs/:jobId',
    {
      schema: {
        summary: 'One job: status, progress, result, and an estimate of its completion while it runs',
        tags: ['jobs'],
        params: jobIdParam,
        response: {
          200: jobViewSchema.extend({
            attemptHistory: z
              .array(attemptViewSchema)
              .describe('Every attempt, first first: why it started, who ran it, how it ended (as many as `attempts`)'),
            eta: etaSchema.nullable().describe('While running: from past runs of the type and its progress'),
          }),
          400: errorSchema,
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const job = await deps.jobs.get(request.params.jobId);
      if (!job) throw new HttpError(404, 'not_found', `No job with id ${request.params.jobId}`);
      const [history, attempts, context] = await Promise.all([
        job.status === 'running' ? deps.jobStats.recentRuns(job.jobType) : [],
        deps.lifecycle.attempts(job.id),
        viewContextOf(deps, request),
      ]);
      // Waiting out a backoff: its newest attempt failed and nothing changed it since (as JobStore.retryWaits).
      const last = attempts.at(-1);
      const lastFailureAt =
        job.status === 'pending' && last?.outcome === 'failed' && last.endedAt?.getTime() === job.updatedAt.getTime()
          ? last.endedAt
          : null;
      return {
        ...toJobView(job, context, lastFailureAt),
        attemptHistory: attempts.map(toAttemptView),
        eta: estimateCompletion(job, history),
      };
    },
  );

  app.get(
    '/jobs/:jobId/logs',
    {
      schema: {
        summary: "A job's log lines, oldest first",
        description: 'What the handler logged (info and above), kept in Postgres. Page with `after`: the last id seen.',
        tags: ['jobs'],
        params: jobIdParam,
        querystring: z.strictObject({
          after: bigintIdParam('the id of a log line').optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({
            logs: z.array(
              z.object({
                id: z.string(),
                at: z.iso.datetime({ offset: true }),
                level: z.enum(LOG_LEVELS),
                message: z.string(),
                data: z.record(z.string(), z.unknown()).nullable(),
              }),
            ),
            nextAfter: z.string().nullable().describe('Pass as `after` for the next page; null at the end for now'),
          }),
          400: errorSchema,
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const { jobId } = request.params;
      if (!(await deps.jobs.get(jobId))) throw new HttpError(404, 'not_found', `No job with id ${jobId}`);
      const { after, limit } = request.query;
      const lines = await deps.jobLogs.page(jobId, after ?? null, limit);
      return {
        logs: lines.map((l) => ({ ...l, at: l.at.toISOString() })),
        nextAfter: lines.length === limit ? (lines[lines.length - 1]?.id ?? null) : null,
      };
    },
  );

  app.get(
    '/jobs',
    {
      serializerCompiler: jobListingSerializer,
      schema: {
        summary: 'Jobs, newest first, filtered',
        description:
          'Every given filter must hold. Filters: `type`, `status` (comma lists), `tag` (repeated: all of them), ' +
          '`payload` (path=value, repeated), `contains` (JSON), `error` (text), `idPrefix`, `schedule`, `startedBy`, ' +
          "`from`/`to`; or `q`, the same in the dashboard's query language. A search may run for " +
          'JOB_SEARCH_TIMEOUT_MS (2 s) in Postgres: past that the answer is 400 `search_too_broad` ("narrow the ' +
          'search: …"), never a slow scan. Each job says how to show it (`display`: queued, waiting to retry, paused, running, stopping, or how it ' +
          'ended) and what the caller may do to it now (`actions`).',
        tags: ['jobs'],
        querystring: listQuery,
        response: {
          200: z.object({
            jobs: z.array(jobViewSchema),
            total: z.number().int().describe('Matches, counted up to 10,000'),
            totalIsExact: z.boolean().describe('False when there are more than 10,000 matches'),
            nextAfter: z.uuid().nullable().describe('Pass as `after` for the next page (cheaper than deep `page`s)'),
            page: z.number().int(),
            limit: z.number().int(),
          }),
          400: errorSchema,
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const { q, after, page, limit, ...typed } = request.query;
      const filters = q !== undefined ? filtersOfQuery(q) : typed;
      assertKnownTypes(deps.catalogue, filters.type);
      const within = deps.searchPool;
      const [{ jobs, total, totalIsExact }, context] = await Promise.all([
        deps.jobs
          .list({ ...searchOf(filters), after, page, limit }, { within })
          .catch(searchTooBroad(within.timeoutMs)),
        viewContextOf(deps, request),
      ]);
      const nextAfter = jobs.length === limit ? (jobs[jobs.length - 1]?.id ?? null) : null;
      return {
        jobs: jobs.map((job) => toJobView(job, context, job.lastFailureAt)),
        total,
        totalIsExact,
        nextAfter,
        page,
        limit,
      };
    },
  );
};
