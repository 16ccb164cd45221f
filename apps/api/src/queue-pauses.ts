import { type JobQueues, withTimeout } from '@scheduler/runtime';

/** How long a reading of which queues are paused is shared by every request and stream of the process. */
const FRESH_MS = 1500;
/** How long one reading may take before the last one is kept instead. */
const READ_TIMEOUT_MS = 1000;

/**
 * Which job types' BullMQ queues are paused (Bull Board pauses them), read at most once per
 * FRESH_MS per API process however many jobs, requests and streams ask: a job's display state
 * depends on it, and one Redis call per job shown would cost more than the page. A queue Redis
 * does not answer for keeps what it was last seen as; a pause shows within a few seconds.
 */
export function createQueuePauses(queues: JobQueues, types: readonly string[], freshMs = FRESH_MS) {
  let paused: ReadonlySet<string> = new Set();
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<ReadonlySet<string>> | null = null;

  const read = async (): Promise<ReadonlySet<string>> => {
    const states = await Promise.all(
      types.map(async (type) => {
        const queue = queues.get(type);
        if (!queue) return [type, false] as const;
        const isPaused = await withTimeout(queue.isPaused(), READ_TIMEOUT_MS, 'Redis').catch(() => paused.has(type));
        return [type, isPaused] as const;
      }),
    );
    paused = new Set(states.filter(([, isPaused]) => isPaused).map(([type]) => type));
    readAt = Date.now();
    return paused;
  };

  const refresh = () => {
    reading ??= read().finally(() => {
      reading = null;
    });
    return reading;
  };

  return {
    /**
     * The paused types: read within FRESH_MS, else the last reading while a new one is taken
     * (so no request waits on Redis but the first).
     */
    current(): Promise<ReadonlySet<string>> {
      if (Date.now() - readAt < freshMs) return Promise.resolve(paused);
      const next = refresh();
      return readAt === Number.NEGATIVE_INFINITY ? next : Promise.resolve(paused);
    },
  };
}

export type QueuePauses = ReturnType<typeof createQueuePauses>;
