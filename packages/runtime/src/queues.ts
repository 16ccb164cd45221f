import { createBatcher, type JobRecord, type Priority } from '@scheduler/db';
import type { Catalogue } from '@scheduler/jobs';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { SCHEDULE_QUEUE, type TickData } from './schedules/mirror.ts';
import { scheduleRepeatStrategy } from './schedules/timing.ts';
import { withTimeout } from './with-timeout.ts';

/** The states a queue's jobs are counted in (dashboards, /metrics, /api/stats). */
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

/** Jobs per state in one queue; null when Redis does not answer in time. */
export const queueCounts = (queue: Queue, timeoutMs = 1000): Promise<Record<string, number> | null> =>
  withTimeout(queue.getJobCounts(...QUEUE_STATES), timeoutMs, 'Redis').catch(() => null);

/** BullMQ runs lower numbers first. */
export const PRIORITY_RANK: Record<Priority, number> = { HIGH: 1, MEDIUM: 5, LOW: 10 };

/** Postgres is the record; Redis keeps finished jobs only long enough to reconcile and inspect. */
const RETENTION: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
};

export interface QueuedPayload {
  payload: Record<string, unknown>;
}

/** One BullMQ queue per job type, so each type has its own concurrency and its own view in Bull Board. */
export function createJobQueues(
  catalogue: Catalogue,
  connection: Redis,
  prefix: string,
  onError: (error: Error) => void = () => {},
) {
  const queues = new Map(
    catalogue.all.map((d) => {
      const queue = new Queue<QueuedPayload>(d.name, { connection, prefix });
      // Connection trouble surfaces here; readiness checks and failed enqueues report it.
      queue.on('error', onError);
      return [d.name, queue];
    }),
  );
  // Ticks of the recurring schedules; the worker turns each into a run of its type.
  // Fire times by the project's own next-time function (daylight-saving rules: see timing.ts).
  const schedules = new Queue<TickData>(SCHEDULE_QUEUE, {
    connection,
    prefix,
    settings: { repeatStrategy: scheduleRepeatStrategy },
  });
  schedules.on('error', onError);
  // Concurrent triggers of a type leave in one MULTI (addBulk) instead of one round trip each.
  // A job alone goes by `add`: the same script, without the pipeline addBulk builds (ioredis
  // copies every script BullMQ defines onto each pipeline: a tenth of the API's allocations
  // per trigger at 200 a second).
  const adders = new Map(
    [...queues].map(([name, queue]) => [
      name,
      createBatcher(async (records: JobRecord[]) => {
        const jobs = records.map((record) => ({ name, data: { payload: record.payload }, opts: jobOptions(record) }));
        const [only] = jobs;
        if (jobs.length === 1 && only) await queue.add(only.name, only.data, only.opts);
        else await queue.addBulk(jobs);
        return records.map(() => undefined);
      }),
    ]),
  );
  const jobOptions = (record: JobRecord): JobsOptions => ({
    jobId: record.id,
    priority: PRIORITY_RANK[record.priority],
    attempts: record.maxAttempts,
    backoff: catalogue.get(record.jobType)?.defaults.backoff,
    ...RETENTION,
  });

  return {
    get: (jobType: string) => queues.get(jobType),
    schedules,
    /** Every queue, the schedule ticks included (what Bull Board shows). */
    all: (): Queue[] => [...queues.values(), schedules],

    /** Enqueues a row's job under the row id; adding the same id twice is a no-op in BullMQ. */
    async enqueue(record: JobRecord): Promise<void> {
      const add = adders.get(record.jobType);
      if (!add) throw new Error(`No queue for job type "${record.jobType}"`);
      await add(record);
    },

    async close(): Promise<void> {
      await Promise.all([...queues.values(), schedules].map((q) => q.close()));
    },
  };
}

export type JobQueues = ReturnType<typeof createJobQueues>;
