/** The attempt ran past its type's maximum run time. Not retried: it would most likely run long again. */
export class JobTimeoutError extends Error {
  constructor(
    readonly jobType: string,
    readonly timeoutMs: number,
  ) {
    super(`${jobType} exceeded its maximum run time of ${formatDuration(timeoutMs)} and was stopped`);
    this.name = 'JobTimeoutError';
  }
}

/**
 * The job cannot succeed by trying again (a safety guard refused, the input cannot work):
 * the attempt fails and is not retried.
 */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/**
 * How BullMQ's failedReason begins for a job stopped on request: Bull Board shows it, and the
 * reconciler reads it back if the worker could not write the stop down.
 */
export const CANCELLED_REASON_PREFIX = 'cancelled: ';

/** Someone asked for the job to stop (POST /api/jobs/:id/cancel). */
export class JobCancelledError extends Error {
  constructor(message = 'cancelled on request') {
    super(message);
    this.name = 'JobCancelledError';
  }
}

/**
 * What a failed attempt leads to: `attemptFailed` (BullMQ tries again after its backoff) or
 * `fail` (for good). A timeout or a permanent error is never retried; otherwise the job's
 * attempts decide. `attemptsMade` counts BullMQ's tries before this one, since BullMQ is what
 * schedules the next.
 */
export function eventAfterFailure(
  error: unknown,
  attempt: { attemptsMade: number; maxAttempts: number },
): 'attemptFailed' | 'fail' {
  if (error instanceof JobTimeoutError || error instanceof PermanentJobError) return 'fail';
  return attempt.attemptsMade + 1 >= attempt.maxAttempts ? 'fail' : 'attemptFailed';
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
  return `${Math.round(seconds / 60)}min`;
}
