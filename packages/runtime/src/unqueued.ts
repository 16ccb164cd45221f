import type { JobRecord } from '@scheduler/db';
import type { JobLogger } from '@scheduler/jobs';
import type { Redis } from 'ioredis';
import type { JobQueues } from './queues.ts';

/** Most jobs one process keeps to queue later; beyond it the reconciler queues the rest. */
const MAX_KEPT = 10_000;

/**
 * Jobs recorded while Redis could not take them, queued the moment Redis is back (its `ready`
 * event) instead of at the reconciler's next pass a minute later. Only this process's own
 * triggers: the reconciler still queues what a process that died meanwhile left behind.
 * Queueing a job twice is a no-op (the job id is the row id), so racing the reconciler is safe.
 */
export function queueWhenRedisReturns(queues: JobQueues, redis: Redis, log?: JobLogger) {
  const waiting = new Map<string, JobRecord>();
  let flushing = false;

  const flush = async () => {
    if (flushing || waiting.size === 0) return;
    flushing = true;
    try {
      const records = [...waiting.values()];
      const results = await Promise.allSettled(records.map((record) => queues.enqueue(record)));
      let queued = 0;
      for (const [i, result] of results.entries()) {
        if (result.status === 'fulfilled') {
          waiting.delete((records[i] as JobRecord).id);
          queued++;
        }
      }
      if (queued > 0)
        log?.info({ queued, stillWaiting: waiting.size }, 'Redis is back: queued the jobs recorded meanwhile');
    } finally {
      flushing = false;
    }
  };
  const onReady = () => void flush();
  redis.on('ready', onReady);

  return {
    /** A recorded job Redis did not take; false when too many already wait (the reconciler has it). */
    add(record: JobRecord): boolean {
      if (waiting.size >= MAX_KEPT) return false;
      waiting.set(record.id, record);
      return true;
    },
    get size() {
      return waiting.size;
    },
    flush,
    stop() {
      redis.off('ready', onReady);
    },
  };
}

export type UnqueuedJobs = ReturnType<typeof queueWhenRedisReturns>;
