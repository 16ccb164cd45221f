import { type ArchivedJobRecord, isDryRun, JOB_STATUSES } from '@scheduler/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { filtersOfQuery, searchOf, searchTooBroad } from '../job-search-params.ts';
import { jobResultSchema, jobSummarySchema, recordFieldsOf } from '../job-view.ts';
import { listQuery } from './jobs.ts';
import { errorSchema } from './shared-schemas.ts';

/** A job as cleanup_old_data archived it: its record, without what only a live job has. */
const archivedJobSchema = jobSummarySchema
  .omit({ display: true, actions: true, progress: true, cancelRequestedAt: true })
  .extend({
    archivedAt: z.string().describe('When cleanup_old_data moved it to the archive'),
    payload: z.record(z.string(), z.unknown()),
    result: jobResultSchema.nullable(),
  })
  .meta({ id: 'ArchivedJob' });

const toArchivedView = (job: ArchivedJobRecord): z.infer<typeof archivedJobSchema> => ({
  ...recordFieldsOf(job),
  dryRun: isDryRun(job),
  archivedAt: job.archivedAt.toISOString(),
  payload: job.payload,
  result: job.result,
});

/** The archive: finished jobs cleanup_old_data moved out of scheduled_jobs, found as live ones are. */
export const archiveRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/archive',
    {
      schema: {
        summary: 'Archived jobs, newest first, with the same filters as GET /api/jobs, and how many per type',
        description:
          "Jobs past their type's retention (see GET /api/job-types/:name/retention). `counts`: every archived job " +
          'matching the filter but its type, per type and status, exactly.',
        tags: ['jobs'],
        querystring: listQuery,
        response: {
          200: z.object({
            jobs: z.array(archivedJobSchema),
            total: z.number().int().describe('Matches, counted up to 10,000'),
            totalIsExact: z.boolean(),
            nextAfter: z.uuid().nullable().describe('Pass as `after` for the next page'),
            page: z.number().int(),
            limit: z.number().int(),
            counts: z.array(
              z.object({
                jobType: z.string(),
                total: z.number().int(),
                byStatus: z.partialRecord(z.enum(JOB_STATUSES), z.number().int()),
              }),
            ),
          }),
          400: errorSchema,
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const { q, after, page, limit, ...typed } = request.query;
      // The listing's own search; a type no longer in the code may still have archived jobs,
      // so any name is a filter here. The counts cover every type.
      const search = searchOf(q !== undefined ? filtersOfQuery(q) : typed);
      const within = deps.searchPool;
      const [{ jobs, total, totalIsExact }, counts] = await Promise.all([
        deps.archive.list({ ...search, after, page, limit }, { within }),
        deps.archive.counts({ ...search, types: undefined }, { within }),
      ]).catch(searchTooBroad(within.timeoutMs));
      return {
        jobs: jobs.map(toArchivedView),
        total,
        totalIsExact,
        nextAfter: jobs.length === limit ? (jobs[jobs.length - 1]?.id ?? null) : null,
        page,
        limit,
        counts,
      };
    },
  );

  app.get(
    '/archive/:jobId',
    {
      schema: {
        summary: 'One archived job',
        tags: ['jobs'],
        params: z.strictObject({ jobId: z.uuid({ message: 'must be a job id (a UUID)' }) }),
        response: { 200: archivedJobSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const job = await deps.archive.get(request.params.jobId);
      if (!job) throw new HttpError(404, 'not_found', `No archived job with id ${request.params.jobId}`);
      return toArchivedView(job);
    },
  );
};
