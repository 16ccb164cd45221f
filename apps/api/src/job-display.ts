import type { JobRecord, QueuePause } from '@scheduler/db';
import type { JobDefaults } from '@scheduler/jobs';
import { Backoffs } from 'bullmq';

/**
 * What a job's display and actions are decided from: its row's state columns, and when the
 * failed attempt it waits to retry after ended (null unless it is pending after one).
 */
export type DisplayedJob = Pick<JobRecord, 'status' | 'attempts' | 'cancelRequestedAt'> & {
  lastFailureAt: Date | null;
};

import { decide, stateOfRecord } from '@scheduler/lifecycle';

/** What the dashboard shows a job as: its status, told apart where the status alone is not enough. */
export const DISPLAY_STATES = [
  'queued',
  'waiting_to_retry',
  'paused',
  'running',
  'stopping',
  'completed',
  'failed',
  'cancelled',
] as const;
export type DisplayState = (typeof DISPLAY_STATES)[number];

/** What someone may do to a job now. */
export const JOB_ACTIONS = ['cancel', 'retry', 'edit_and_retry'] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

export interface JobDisplay {
  state: DisplayState;
  /** waiting_to_retry only: when the backoff after the failed attempt ends. */
  retryAt: Date | null;
  /** waiting_to_retry only: the attempt that failed. */
  failedAttempt: number | null;
  /** The type's queue is paused now. */
  queuePaused: boolean;
  /** The pause of the type's queue, while it holds. */
  queuePause: QueuePause | null;
}

/** A type's backoff option, as its definition gives it to BullMQ. */
export type Backoff = JobDefaults['backoff'];

/** What a job's display depends on beyond its row. */
export interface DisplayContext {
  /** The pause of the job type's queue now (the `queue_pauses` record), or null. */
  queuePause: QueuePause | null;
  /** The type's backoff (from the catalogue); undefined for a type the catalogue does not know. */
  backoff: Backoff | undefined;
}

/**
 * The delay BullMQ waits after attempt `attemptsMade` failed, computed by BullMQ's own built-in
 * strategy (fixed is the delay, exponential doubles it per attempt made), so the time shown is
 * the time BullMQ keeps. The built-in strategies answer at once; only custom ones may be async.
 */
export function backoffDelayMs(backoff: Backoff, attemptsMade: number): number {
  const strategy = Backoffs.builtinStrategies[backoff.type];
  if (!strategy) throw new Error(`BullMQ has no built-in backoff "${backoff.type}"`);
  return strategy(backoff.delay)(attemptsMade, backoff.type) as number;
}

/**
 * A job's display state. A pending job in a paused queue shows as paused whatever else holds it
 * (nothing starts until the queue is resumed); else after a failed attempt it waits to retry
 * until its backoff ends, counted from when that attempt ended, as BullMQ counts it; else it is
 * queued. A running job someone asked to stop is stopping.
 */
export function displayOf(job: DisplayedJob, context: DisplayContext): JobDisplay {
  const queuePause = context.queuePause;
  const plain = { retryAt: null, failedAttempt: null, queuePaused: queuePause !== null, queuePause };
  switch (job.status) {
    case 'pending':
      if (queuePause) return { ...plain, state: 'paused' };
      if (job.lastFailureAt) {
        const delay = context.backoff ? backoffDelayMs(context.backoff, job.attempts) : 0;
        return {
          ...plain,
          state: 'waiting_to_retry',
          retryAt: new Date(job.lastFailureAt.getTime() + delay),
          failedAttempt: job.attempts,
        };
      }
      return { ...plain, state: 'queued' };
    case 'running':
      return { ...plain, state: job.cancelRequestedAt ? 'stopping' : 'running' };
    default:
      return { ...plain, state: job.status };
  }
}

/**
 * What a principal may do to the job now, from the lifecycle's transition table: cancel when a
 * cancel request would change its state (a job already stopping has been asked), retry (with
 * the same or an edited payload) when the table allows a retry. Nothing for read-only principals.
 */
export function actionsOf(job: DisplayedJob, canWrite: boolean): JobAction[] {
  if (!canWrite) return [];
  const state = stateOfRecord(job);
  const actions: JobAction[] = [];
  const cancel = decide('requestCancel', state);
  if (cancel.allowed && cancel.to !== state) actions.push('cancel');
  if (decide('retry', state).allowed) actions.push('retry', 'edit_and_retry');
  return actions;
}
