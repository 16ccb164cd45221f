import type { JobSummaryRecord, PastRun, ScheduleRecord } from '@scheduler/db';
import { describeTiming, nextFireTime } from '@scheduler/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { estimateCompletion, etaSchema } from '../eta.ts';
import { type JobSummary, jobSummarySchema, toJobSummary } from '../job-view.ts';
import { type StatsSource, typeStatsSchema } from '../stats.ts';
import { viewContextOf } from '../view-context.ts';
import { errorSchema } from './shared-schemas.ts';

const RUNNING_SHOWN = 10;
const WAITING_SHOWN = 10;
/** Waiting jobs read to find the soonest retries among (they are ordered by when they failed, not when they retry). */
const WAITING_READ = 200;
const FAILURES_SHOWN = 5;
const NEXT_RUNS_SHOWN = 6;
/** How long a type's past runs are reused for the running jobs' estimates. */
const HISTORY_FRESH_MS = 5000;

const overviewSchema = z
  .object({
    computedAt: z.iso.datetime({ offset: true }),
    running: z
      .array(jobSummarySchema.extend({ eta: etaSchema.nullable() }))
      .describe(`Up to ${RUNNING_SHOWN} running jobs, the newest started first, each with its estimate`),
    runningTotal: z.number().int(),
    waiting: z
      .array(jobSummarySchema)
      .describe(
        `Up to ${WAITING_SHOWN} jobs waiting for something else than a worker: to retry (soonest first), then in paused queues`,
      ),
    waitingTotal: z.number().int(),
    recentFailures: z.array(jobSummarySchema).describe(`The newest ${FAILURES_SHOWN} failed jobs`),
    types: z.array(typeStatsSchema).describe('As GET /api/stats answers for `days`'),
    nextRuns: z
      .array(
        z.object({
          name: z.string(),
          jobType: z.string(),
          nextRunAt: z.iso.datetime({ offset: true }),
          when: z.string().describe('The timing in words'),
        }),
      )
      .describe(
        `The ${NEXT_RUNS_SHOWN} enabled schedules that fire soonest (paused ones are not next: see pausedSchedules)`,
      ),
    pausedSchedules: z
      .array(
        z.object({
          name: z.string(),
          jobType: z.string(),
          until: z.iso.datetime({ offset: true }).describe('When it resumes by itself'),
          by: z.string().nullable().describe('Who paused it'),
          timezone: z.string().describe("The schedule's zone, to show the time as it does"),
        }),
      )
      .describe('Enabled schedules paused until a time that has not come, the soonest to resume first'),
    pausedQueues: z.array(z.string()).describe('Job types whose queue is paused now'),
  })
  .meta({ id: 'Overview' });

/**
 * The dashboard's Overview in one read: what runs (with estimates), what waits, what failed,
 * how each type is doing, what fires next. The aggregate part is the shared stats answer (a
 * few seconds old at most); the jobs are read fresh.
 */
export const overviewRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps; stats: StatsSource }> = async (
  app,
  { deps, stats },
) => {
  // Two tabs asking every few seconds need not read a type's 200 past runs each time.
  const history = new LRUCache<string, PastRun[]>({
    max: 1000,
    ttl: HISTORY_FRESH_MS,
    allowStale: true,
    fetchMethod: (type) => deps.jobStats.recentRuns(type),
  });

  app.get(
    '/overview',
    {
      schema: {
        summary: 'The Overview in one read: running, waiting, recent failures, types, next runs',
        tags: ['catalogue'],
        querystring: z.strictObject({
          days: z.coerce
            .number()
            .refine((d) => d === 1 || d === 7 || d === 30, { message: 'must be 1, 7 or 30' })
            .default(1)
            .describe('The days the types’ figures cover: 1, 7 or 30'),
        }),
        response: { 200: overviewSchema, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const context = await viewContextOf(deps, request);
      const pausedTypes = [...context.pausedTypes.keys()];
      const [figures, running, waiting, failures, schedules] = await Promise.all([
        stats.of(request.query.days),
        deps.jobs.running(RUNNING_SHOWN),
        deps.jobs.waiting(pausedTypes, WAITING_READ),
        deps.jobs.recentFailures(FAILURES_SHOWN),
        deps.schedules.list(),
      ]);
      const pasts = new Map(
        await Promise.all(
          [...new Set(running.jobs.map((j) => j.jobType))].map(
            async (type) => [type, (await history.fetch(type)) ?? []] as const,
          ),
        ),
      );
      const now = new Date();
      const summary = (job: JobSummaryRecord) => toJobSummary(job, context);
      return {
        computedAt: now.toISOString(),
        running: running.jobs.map((job) => ({
          ...summary(job),
          eta: estimateCompletion(job, pasts.get(job.jobType) ?? [], now),
        })),
        runningTotal: running.total,
        waiting: soonestFirst(waiting.jobs.map(summary)).slice(0, WAITING_SHOWN),
        waitingTotal: waiting.total,
        recentFailures: failures.map(summary),
        // The queues' paused flags as of now, like the jobs (the figures may be a few seconds old).
        types: figures.types.map((t) => ({
          ...t,
          queue: t.queue && { ...t.queue, paused: context.pausedTypes.has(t.jobType) },
        })),
        nextRuns: schedules
          .filter((s) => s.enabled && !pausedAt(s, now))
          .flatMap((s) => {
            const at = nextFireTime(s);
            return at
              ? [{ name: s.name, jobType: s.jobType, nextRunAt: at.toISOString(), when: describeTiming(s) }]
              : [];
          })
          .sort((a, b) => a.nextRunAt.localeCompare(b.nextRunAt))
          .slice(0, NEXT_RUNS_SHOWN),
        pausedSchedules: schedules
          .filter((s) => s.enabled && pausedAt(s, now))
          .map((s) => ({
            name: s.name,
            jobType: s.jobType,
            until: (s.pausedUntil as Date).toISOString(),
            by: s.pausedBy,
            timezone: s.timezone,
          }))
          .sort((a, b) => a.until.localeCompare(b.until)),
        pausedQueues: pausedTypes.sort(),
      };
    },
  );
};

/** Paused until a time still to come: its slots until then are not runs. */
const pausedAt = (s: ScheduleRecord, now: Date) => s.pausedUntil !== null && s.pausedUntil > now;

/** Jobs waiting to retry, soonest retry first, then those in paused queues, longest waiting first. */
function soonestFirst(jobs: JobSummary[]): JobSummary[] {
  const key = (j: JobSummary) => (j.display.state === 'waiting_to_retry' ? `0${j.display.retryAt}` : `1${j.createdAt}`);
  return [...jobs].sort((a, b) => key(a).localeCompare(key(b)));
}
