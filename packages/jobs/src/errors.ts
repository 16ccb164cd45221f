// The errors that decide a job's outcome belong to the lifecycle; handlers import them from here.
export { formatDuration, JobCancelledError, JobTimeoutError, PermanentJobError } from '@scheduler/lifecycle';

/** A sibling service answered with an error, or with something we cannot use. */
export class ServiceCallError extends Error {
  constructor(
    readonly service: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${service}: ${message}`);
    this.name = 'ServiceCallError';
  }
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
