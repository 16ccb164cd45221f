import { setTimeout as sleep } from 'node:timers/promises';
import type { JobLogs, JobProgress, JobResult, JobStore } from '@scheduler/db';
import {
  errorMessage,
  JobCancelledError,
  type JobDefinition,
  type JobDeps,
  type JobLogger,
  JobTimeoutError,
  PermanentJobError,
  type QueuedPayload,
} from '@scheduler/jobs';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { durableJobLog } from './job-log.ts';
import type { Outcome, WorkerMetrics } from './metrics.ts';

export interface ProcessorDeps {
  jobs: JobStore;
  jobDeps: JobDeps;
  workerId: string;
  log: JobLogger;
  metrics?: WorkerMetrics;
  /** Where ctx.log lines are kept with the job. */
  jobLogs?: JobLogs;
}

/** Returned to BullMQ when the row says the job must not run (cancelled or already settled). */
export const SKIPPED = { skipped: true } as const;

/** How long a cancelled handler may take to reach its checkpoint and return what it did. */
export const CANCEL_GRACE_MS = 10_000;

/** How long a job waits when Postgres could not record its start. */
export const START_RETRY_DELAY_MS = 2000;

// Progress is written to Postgres at most this often per job; Bull Board gets every update.
const PROGRESS_WRITE_INTERVAL_MS = 500;

/**
 * Runs one job of `definition` and keeps its `scheduled_jobs` row in step: running on start,
 * then completed, pending-for-retry or failed. BullMQ passes an AbortSignal only to a
 * processor that declares three parameters, hence the signature.
 */
export function createProcessor(definition: JobDefinition, deps: ProcessorDeps) {
  const handler = definition.handler;
  if (!handler) throw new Error(`Job type "${definition.name}" has no handler`);

  return async (job: Job<QueuedPayload>, token?: string, cancel?: AbortSignal) => {
    const id = job.id as string;
    const attempt = job.attemptsMade + 1;
    const log = withBindings(deps.log, { jobId: id, jobType: definition.name, attempt });

    let runnable: boolean;
    try {
      runnable = await deps.jobs.markRunning(id, attempt, deps.workerId);
    } catch (error) {
      // Postgres is away: nothing has run yet, so put the job back for later without
      // spending one of its attempts (an outage must not fail jobs).
      log.warn({ err: error }, 'cannot record the start in Postgres; job postponed');
      await job.moveToDelayed(Date.now() + START_RETRY_DELAY_MS, token);
      throw new DelayedError();
    }
    if (!runnable) {
      log.info('row is missing or already finished; not running the job');
      return SKIPPED;
    }
    const startedAt = performance.now();
    const ended = (outcome: Outcome) =>
      deps.metrics?.attemptEnded(definition.name, outcome, (performance.now() - startedAt) / 1000);

    const parsed = definition.payload.safeParse(job.data.payload ?? {});
    if (!parsed.success) {
      const message = `Invalid payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')}`;
      await settleFailure(id, message, null, true);
      throw new UnrecoverableError(message);
    }

    // One signal for the handler: cancellation, the maximum run time, or shutdown.
    const stop = new AbortController();
    const onCancel = () => stop.abort(new JobCancelledError(reasonText(cancel?.reason)));
    cancel?.addEventListener('abort', onCancel, { once: true });
    const timer = setTimeout(
      () => stop.abort(new JobTimeoutError(definition.name, definition.defaults.timeoutMs)),
      definition.defaults.timeoutMs,
    );

    let lastProgressWrite = 0;
    let unwrittenProgress: JobProgress | null = null;
    const flushProgress = async () => {
      if (!unwrittenProgress) return;
      const progress = unwrittenProgress;
      unwrittenProgress = null;
      await deps.jobs.setProgress(id, progress).catch(() => {});
    };
    const context = {
      jobId: id,
      attempt,
      signal: stop.signal,
      log: durableJobLog(log, deps.jobLogs, job),
      deps: deps.jobDeps,
      async progress(progress: JobProgress) {
        await job.updateProgress(progress as object);
        unwrittenProgress = progress;
        const now = Date.now();
        if (now - lastProgressWrite >= PROGRESS_WRITE_INTERVAL_MS || progress.percent >= 100) {
          lastProgressWrite = now;
          await flushProgress();
        }
      },
    };

    let result: JobResult;
    let running: Promise<JobResult> | undefined;
    try {
      // The race makes the maximum run time hold even for a handler that ignores its signal;
      // such a handler's late outcome is dropped (swallowed, so it cannot crash the process).
      running = handler(parsed.data, context);
      running.catch(() => {});
      result = await Promise.race([running, rejectWhenAborted(stop.signal)]);
    } catch (error) {
      const reason = stop.signal.aborted ? stop.signal.reason : error;
      if (reason instanceof JobCancelledError) {
        // Asked to stop: give the handler a moment to reach its checkpoint and say what it did.
        const partial = await Promise.race([
          (running ?? Promise.resolve(null)).catch(() => null),
          sleep(CANCEL_GRACE_MS).then(() => null),
        ]);
        await persist(log, 'cancelled', () => deps.jobs.markCancelled(id, reason.message, partial));
        ended('cancelled');
        log.info({ partial: partial !== null }, 'job cancelled');
        throw new UnrecoverableError(reason.message);
      }
      const final =
        reason instanceof JobTimeoutError || reason instanceof PermanentJobError || attempt >= (job.opts.attempts ?? 1);
      await settleFailure(id, errorMessage(reason), null, final);
      throw final ? new UnrecoverableError(errorMessage(reason)) : reason;
    } finally {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
      // The row keeps the last progress reported, throttled writes included.
      await flushProgress();
    }

    // A handler that reports failure has failed, whatever else it says.
    if (!result.success) {
      const message = result.errors?.[0] ?? `${definition.name} reported failure`;
      const final = attempt >= (job.opts.attempts ?? 1);
      await settleFailure(id, message, result, final);
      throw final ? new UnrecoverableError(message) : new Error(message);
    }

    await persist(log, 'completed', () => deps.jobs.markCompleted(id, result));
    ended('completed');
    return result;

    async function settleFailure(jobId: string, message: string, partial: JobResult | null, final: boolean) {
      if (final) await persist(log, 'failed', () => deps.jobs.markFailed(jobId, message, partial));
      else await persist(log, 'retrying', () => deps.jobs.markRetrying(jobId, message));
      ended(final ? 'failed' : 'retrying');
      log.warn({ final, error: message }, final ? 'job failed' : 'attempt failed; will retry');
    }
  };
}

/**
 * Writes an outcome to Postgres, retrying briefly. If Postgres stays away the outcome still
 * reaches BullMQ, and the reconciler copies it into the row once Postgres is back.
 */
async function persist(log: JobLogger, what: string, write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      log.warn({ err: error, attempt }, `could not record the ${what} state in Postgres`);
      if (attempt < 3) await sleep(200 * attempt);
    }
  }
}

const reasonText = (reason: unknown) =>
  typeof reason === 'string' && reason ? reason : reason instanceof Error ? reason.message : 'cancelled on request';

function rejectWhenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason);
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

function withBindings(log: JobLogger, bindings: object): JobLogger {
  const child = (log as { child?: (b: object) => JobLogger }).child;
  return child ? child.call(log, bindings) : log;
}
