import type { JobRecord } from '@scheduler/db';
import type { JobLogger } from '@scheduler/jobs';
import type { Redis } from 'ioredis';
import { createOutageLog } from './outage-log.ts';
import type { JobQueues } from './queues.ts';

/** Most jobs one process keeps to queue later; beyond it the reconciler queues the rest. */
const MAX_KEPT = 10_000;

/**
 * Jobs recorded while Redis could not take them, queued the moment Redis is back (its `ready`
 * event) instead of at the reconciler's next pass a minute later. Only this process's own
 * triggers: the reconciler still queues what a process that died meanwhile left behind.
 * Queueing a job twice is a no-op (the job id is the row id), so racing the reconciler is safe.
 * The outage is logged once when it starts and once when the jobs are queued, with their count.
 */
export function queueWhenRedisReturns(queues: JobQueues, redis: Redis, log?: JobLogger) {
  const waiting = new Map<string, JobRecord>();
  let flushing = false;
  const outage = createOutageLog('Redis', log);

  const flush = async () => {
    if (flushing || waiting.size === 0) return;
    flushing = true;
    try {
      const records = [...waiting.values()];
      const results = await Promise.allSettled(records.map((record) => queues.enqueue(record)));
      for (const [i, result] of results.entries()) {
        if (result.status === 'fulfilled') waiting.delete((records[i] as JobRecord).id);
      }
      if (waiting.size === 0) outage.recovered();
    } finally {
      flushing = false;
    }
  };
  const onReady = () => void flush();
  redis.on('ready', onReady);

  return {
    /**
     * A recorded job Redis did not take (`error` says why); false when too many already wait
     * (the reconciler has it).
     */
    add(record: JobRecord, error?: unknown): boolean {
      outage.failed(error, 'triggered jobs are recorded and queued as soon as it is back');
      if (waiting.size >= MAX_KEPT) return false;
      waiting.set(record.id, record);
      return true;
    },
    /** Where the outage lines go (the API's logger exists only once its app is built). */
    logTo: outage.logTo,
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
