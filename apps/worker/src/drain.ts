import { DelayedError, type Job, type Worker } from 'bullmq';

/**
 * Draining, as Sidekiq's "quiet": the process stops fetching jobs from every queue, lets the
 * running ones finish, and stays up, idle, until it is stopped or resumed. Its queues' waiting
 * jobs go to the other workers. BullMQ's own pause of a worker (local to this process) stops the
 * fetching; the guard below puts back the one job a fetch already blocked in Redis may still
 * hand over after it.
 */
export function createDrain(workers: () => readonly Worker[]) {
  let drainingSince: Date | null = null;
  return {
    get draining() {
      return drainingSince !== null;
    },
    /** Stops taking jobs; resolves at once (running jobs go on). Draining twice is draining. */
    async start() {
      if (drainingSince) return;
      drainingSince = new Date();
      await Promise.all(workers().map((w) => w.pause(true)));
    },
    /** Takes jobs again. */
    async resume() {
      if (!drainingSince) return;
      drainingSince = null;
      await Promise.all(workers().map((w) => w.resume()));
    },
    /**
     * The processor, but a job handed over while draining goes back to its queue untouched (no
     * attempt spent, nothing recorded) for another worker.
     */
    guarded<T, R>(
      processor: (job: Job<T>, token?: string, signal?: AbortSignal) => Promise<R>,
    ): (job: Job<T>, token?: string, signal?: AbortSignal) => Promise<R> {
      return async (job, token, signal) => {
        if (drainingSince) {
          await job.moveToDelayed(Date.now(), token);
          throw new DelayedError();
        }
        return processor(job, token, signal);
      };
    },
  };
}

export type Drain = ReturnType<typeof createDrain>;
