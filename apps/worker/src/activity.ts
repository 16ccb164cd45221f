import type { Outcome } from './metrics.ts';

/**
 * What the heartbeat says of the process's work: the slots busy now and the jobs it finished
 * since it started. Kept in memory, read with each beat.
 */
export function createWorkerActivity() {
  let busy = 0;
  let completed = 0;
  let failed = 0;
  return {
    get busy() {
      return busy;
    },
    get completed() {
      return completed;
    },
    get failed() {
      return failed;
    },
    /** The processor, counting a busy slot from the moment BullMQ hands it a job until it returns. */
    counted<J, R>(
      processor: (job: J, token?: string, signal?: AbortSignal) => Promise<R>,
    ): (job: J, token?: string, signal?: AbortSignal) => Promise<R> {
      // Three declared parameters: BullMQ passes its AbortSignal only to such a processor.
      return async (job, token, signal) => {
        busy++;
        try {
          return await processor(job, token, signal);
        } finally {
          busy--;
        }
      };
    },
    /** One attempt ended: a completion or a final failure counts as a job done (a retry does not). */
    attemptEnded(outcome: Outcome) {
      if (outcome === 'completed') completed++;
      else if (outcome === 'failed') failed++;
    },
  };
}

export type WorkerActivity = ReturnType<typeof createWorkerActivity>;
