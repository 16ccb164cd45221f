import { JOB_STATUSES } from '@scheduler/db';
import { QUEUE_STATES, queueCounts } from '@scheduler/runtime';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { ApiDeps } from './deps.ts';

/** A type's BullMQ queue now: jobs per state, and whether it is paused. */
export const queueNowSchema = z
  .object({
    ...(Object.fromEntries(QUEUE_STATES.map((s) => [s, z.number().int()])) as Record<
      (typeof QUEUE_STATES)[number],
      z.ZodNumber
    >),
    paused: z.boolean().describe('Paused (GET /api/queues says since when, by whom, until when): its queued jobs wait'),
  })
  .meta({ id: 'QueueNow' });

export const typeStatsSchema = z
  .object({
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
      .describe('Seconds, completed runs that were not dry runs'),
    itemsProcessed: z.number().int(),
    queue: queueNowSchema.nullable().describe('Jobs in the queue now, by state; null if Redis did not answer'),
  })
  .meta({ id: 'TypeStats' });
export type TypeStatsView = z.infer<typeof typeStatsSchema>;

/** How long a stats answer is served as fresh. */
const STATS_FRESH_MS = 5000;

export interface StatsAnswer {
  days: number;
  since: string;
  computedAt: string;
  types: TypeStatsView[];
}

/**
 * How each type has been doing over the last N days, and its queue now. A dashboard polls
 * these; aggregating 100,000s of rows for each poll of each admin is waste. Answers are shared
 * for STATS_FRESH_MS; after that the last answer is still served while one refresh runs in the
 * background (lru-cache's stale-while-revalidate), so no caller waits on the aggregate once it
 * has been computed. `computedAt` says how fresh an answer is.
 */
export function createStatsSource(deps: ApiDeps) {
  const { catalogue } = deps;

  async function compute(days: number): Promise<StatsAnswer> {
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

  const cache = new LRUCache<number, StatsAnswer>({
    max: 400,
    ttl: STATS_FRESH_MS,
    allowStale: true,
    fetchMethod: (days) => compute(days),
  });

  return {
    /** The figures of the last `days` days (at most a few seconds old). */
    of: async (days: number): Promise<StatsAnswer> => (await cache.fetch(days)) as StatsAnswer,
  };
}

export type StatsSource = ReturnType<typeof createStatsSource>;

type QueueNow = z.infer<typeof queueNowSchema>;

/** Each type's queue now; a queue Redis does not answer for is left out. */
async function queueDepths(deps: ApiDeps): Promise<Map<string, QueueNow>> {
  const [entries, paused] = await Promise.all([
    Promise.all(
      deps.catalogue.names.map(async (name) => {
        const queue = deps.queues.get(name);
        const counts = queue ? await queueCounts(queue) : null;
        return [name, counts] as const;
      }),
    ),
    deps.pauses.current(),
  ]);
  const answered = entries.filter((e): e is [string, Record<string, number>] => e[1] !== null);
  return new Map(
    answered.map(([name, counts]) => [
      name,
      {
        ...(Object.fromEntries(QUEUE_STATES.map((s) => [s, counts[s] ?? 0])) as Omit<QueueNow, 'paused'>),
        paused: paused.has(name),
      },
    ]),
  );
}
