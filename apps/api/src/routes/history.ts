import { addHistograms, type HistoryPoint, quantileMs } from '@scheduler/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { errorSchema } from './shared-schemas.ts';

/** The ranges a history covers: a day per minute, or 30 days per hour. */
const RANGES = {
  '24h': { periodSeconds: 60, periods: 24 * 60 },
  '30d': { periodSeconds: 3600, periods: 30 * 24 },
} as const;
/** The sparklines' periods: a day per hour, or 30 days per day. */
const SPARK_RANGES = {
  '24h': { periodSeconds: 3600, periods: 24 },
  '30d': { periodSeconds: 86_400, periods: 30 },
} as const;
type Range = keyof typeof RANGES;
const rangeParam = z
  .enum(['24h', '30d'])
  .default('24h')
  .describe('24h: per minute over the last 24 hours; 30d: per hour over the last 30 days');

/** How long an answer is shared: the rollups change with every finished job. */
const FRESH_MS = 5000;

const figures = {
  finished: z.number().int().describe('Jobs that reached an end: completed + failed + cancelled'),
  completed: z.number().int(),
  failed: z.number().int().describe('Failed for good (an attempt retried is not an end)'),
  cancelled: z.number().int(),
  p50Ms: z
    .number()
    .nullable()
    .describe('Median run time of the completed runs (dry runs left out), ms, within 9%; null without any'),
  p95Ms: z.number().nullable().describe('95th percentile of the same, ms, within 9%'),
};

const historyView = z
  .object({
    jobType: z.string(),
    range: z.enum(['24h', '30d']),
    periodSeconds: z.number().int().describe('60 (a minute) or 3600 (an hour)'),
    from: z.iso.datetime({ offset: true }).describe('Where the first period starts'),
    to: z.iso.datetime({ offset: true }).describe('Where the last period (the current one) ends'),
    points: z
      .array(z.object({ at: z.iso.datetime({ offset: true }).describe('Where the period starts'), ...figures }))
      .describe('Periods in which a job finished, oldest first; the others had none'),
    totals: z.object(figures).describe('The whole range'),
  })
  .meta({ id: 'JobTypeHistory' });
type HistoryView = z.infer<typeof historyView>;

const sparklinesView = z
  .object({
    range: z.enum(['24h', '30d']),
    periodSeconds: z.number().int().describe('3600 (an hour) or 86400 (a day)'),
    from: z.iso.datetime({ offset: true }).describe('Where the first period starts'),
    types: z.array(
      z.object({
        jobType: z.string(),
        finished: z.array(z.number().int()).describe('Jobs that reached an end, per period, oldest first'),
        failed: z.array(z.number().int()).describe('Of which failed'),
      }),
    ),
  })
  .meta({ id: 'HistorySparklines' });
type SparklinesView = z.infer<typeof sparklinesView>;

/** The start of the first of `periods` periods of `seconds`, the last being the current one. */
const firstPeriod = (seconds: number, periods: number, now = Date.now()) =>
  new Date((Math.floor(now / (seconds * 1000)) - periods + 1) * seconds * 1000);

function summarise(points: HistoryPoint[]) {
  const figuresOf = (p: Pick<HistoryPoint, 'completed' | 'failed' | 'cancelled' | 'durations'>) => ({
    finished: p.completed + p.failed + p.cancelled,
    completed: p.completed,
    failed: p.failed,
    cancelled: p.cancelled,
    p50Ms: quantileMs(p.durations, 0.5),
    p95Ms: quantileMs(p.durations, 0.95),
  });
  const total = points.reduce(
    (sum, p) => ({
      completed: sum.completed + p.completed,
      failed: sum.failed + p.failed,
      cancelled: sum.cancelled + p.cancelled,
      durations: addHistograms(sum.durations, p.durations),
    }),
    { completed: 0, failed: 0, cancelled: 0, durations: [] as number[] },
  );
  return {
    points: points.map((p) => ({ at: p.at.toISOString(), ...figuresOf(p) })),
    totals: figuresOf(total),
  };
}

/**
 * What each job type did over time, for the dashboard's charts: read from the rollups the
 * lifecycle keeps as jobs finish (job_history_minutes and _hours), never from scheduled_jobs.
 */
export const historyRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const histories = new LRUCache<string, HistoryView>({
    max: 500,
    ttl: FRESH_MS,
    fetchMethod: async (key) => {
      const [jobType, range] = key.split('\u0000') as [string, Range];
      const { periodSeconds, periods } = RANGES[range];
      const from = firstPeriod(periodSeconds, periods);
      const points =
        range === '24h' ? await deps.jobHistory.minutes(jobType, from) : await deps.jobHistory.hours(jobType, from);
      return {
        jobType,
        range,
        periodSeconds,
        from: from.toISOString(),
        to: new Date(from.getTime() + periods * periodSeconds * 1000).toISOString(),
        ...summarise(points),
      };
    },
  });
  const sparklines = new LRUCache<Range, SparklinesView>({
    max: 2,
    ttl: FRESH_MS,
    fetchMethod: async (range) => {
      const { periodSeconds, periods } = SPARK_RANGES[range];
      const from = firstPeriod(periodSeconds, periods);
      const counts = new Map(
        (await deps.jobHistory.counts(from, periodSeconds, periods)).map((c) => [c.jobType, c] as const),
      );
      const none = () => new Array<number>(periods).fill(0);
      return {
        range,
        periodSeconds,
        from: from.toISOString(),
        types: deps.catalogue.names.map((jobType) => ({
          jobType,
          finished: counts.get(jobType)?.finished ?? none(),
          failed: counts.get(jobType)?.failed ?? none(),
        })),
      };
    },
  });

  app.get(
    '/job-types/:name/history',
    {
      schema: {
        summary: "A job type's throughput, failures and p50/p95 run time, per minute (24 h) or per hour (30 days)",
        description:
          'Read from rollups the lifecycle writes as each job ends (answers are shared for up to 5 s). ' +
          'Percentiles come from a histogram of four buckets per doubling, so they are within 9%.',
        tags: ['catalogue'],
        params: z.strictObject({ name: z.string().min(1).max(100) }),
        querystring: z.strictObject({ range: rangeParam }),
        response: { 200: historyView, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { name } = request.params;
      if (!deps.catalogue.get(name)) throw new HttpError(404, 'not_found', `No job type ${name}`);
      return (await histories.fetch(`${name}\u0000${request.query.range}`)) as HistoryView;
    },
  );

  app.get(
    '/history/sparklines',
    {
      schema: {
        summary: 'Every job type’s finished and failed jobs per hour (24 h) or per day (30 days), for sparklines',
        description: 'Read from the same rollups as GET /api/job-types/:name/history; shared for up to 5 s.',
        tags: ['catalogue'],
        querystring: z.strictObject({
          range: z
            .enum(['24h', '30d'])
            .default('24h')
            .describe('24h: per hour over the last 24 hours; 30d: per day (UTC) over the last 30 days'),
        }),
        response: { 200: sparklinesView, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => (await sparklines.fetch(request.query.range)) as SparklinesView,
  );
};
