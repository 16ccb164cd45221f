import type { JobRecord, Priority } from '@scheduler/db';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Catalogue } from './catalogue.ts';

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
  const queueOf = (jobType: string) => {
    const queue = queues.get(jobType);
    if (!queue) throw new Error(`No queue for job type "${jobType}"`);
    return queue;
  };

  return {
    get: (jobType: string) => queues.get(jobType),
    all: () => [...queues.values()],

    /** Enqueues a row's job under the row id; adding the same id twice is a no-op in BullMQ. */
    async enqueue(record: JobRecord): Promise<void> {
      const definition = catalogue.get(record.jobType);
      await queueOf(record.jobType).add(
        record.jobType,
        { payload: record.payload },
        {
          jobId: record.id,
          priority: PRIORITY_RANK[record.priority],
          attempts: record.maxAttempts,
          backoff: definition?.defaults.backoff,
          ...RETENTION,
        },
      );
    },

    async close(): Promise<void> {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

export type JobQueues = ReturnType<typeof createJobQueues>;
