import { withDeadline } from '@scheduler/db';

/**
 * Rejects when `work` takes longer than `ms`. BullMQ waits for a Redis connection that may
 * never come; callers that answer people or hold locks must not wait with it.
 */
export const withTimeout = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  withDeadline(work, ms, () => new Error(`${what} did not answer within ${ms}ms`));
