import { type JobQueues, withTimeout } from '@scheduler/runtime';
import type { Redis } from 'ioredis';

/**
 * When BullMQ will run these delayed jobs, read from each queue's delayed set: its score is the
 * run time in milliseconds times 0x1000 (BullMQ keeps the low 12 bits for order within a
 * millisecond). This is the time that holds: it is what BullMQ itself waits for. A job not in
 * the set (already moved on, or lost by Redis) is left out, and so is everything when Redis does
 * not answer within `timeoutMs`: the caller falls back on the backoff computed from the row.
 */
export async function delayedUntil(
  redis: Redis,
  queues: JobQueues,
  jobs: ReadonlyArray<{ id: string; jobType: string }>,
  timeoutMs = 1000,
): Promise<Map<string, Date>> {
  const known = jobs.flatMap((job) => {
    const queue = queues.get(job.jobType);
    return queue ? [{ id: job.id, queue }] : [];
  });
  if (known.length === 0) return new Map();
  const read = async () => {
    // The queues' own connection: one round trip for the page.
    const pipeline = redis.pipeline();
    for (const { id, queue } of known) pipeline.zscore(queue.keys.delayed as string, id);
    const answers = (await pipeline.exec()) ?? [];
    const times = new Map<string, Date>();
    for (const [i, [error, score]] of answers.entries()) {
      const id = known[i]?.id;
      if (!error && id && typeof score === 'string') times.set(id, new Date(Math.floor(Number(score) / 0x1000)));
    }
    return times;
  };
  return withTimeout(read(), timeoutMs, 'Redis').catch(() => new Map<string, Date>());
}
