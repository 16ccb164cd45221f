import { setTimeout as sleep } from 'node:timers/promises';
import {
  isDatabaseUnavailable,
  type JobLogs,
  type JobProgress,
  type JobResult,
  withDatabaseDeadline,
} from '@scheduler/db';
import { errorMessage, type JobDefinition, type JobDeps, type JobLogger } from '@scheduler/jobs';
import {
  CANCELLED_REASON_PREFIX,
  eventAfterFailure,
  JobCancelledError,
  JobTimeoutError,
  type LifecycleStore,
  type StateChange,
} from '@scheduler/lifecycle';
import type { OutageLog, QueuedPayload } from '@scheduler/runtime';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { WorkerActivity } from './activity.ts';
import { durableJobLog } from './job-log.ts';
import type { Outcome, WorkerMetrics } from './metrics.ts';
import { isOutageOfTheRecord, untilPostgresAnswers } from './postponement.ts';
import { createProgressReporter } from './progress-reporter.ts';
import { raceAbort } from './race-abort.ts';
import type { WriteBehind } from './write-behind.ts';

export interface ProcessorDeps {
  lifecycle: LifecycleStore;
  /** At least what the definition's `needs` lists. */
  jobDeps: Partial<JobDeps>;
  workerId: string;
  log: JobLogger;
  metrics?: WorkerMetrics;
  /** Counts the jobs done for the heartbeat. */
  activity?: Pick<WorkerActivity, 'attemptEnded'>;
  /** Where ctx.log lines are kept with the job. */
  jobLogs?: JobLogs;
  /** When set, completions are written without holding the job's slot (see write-behind.ts). */
  writeBehind?: WriteBehind;
  /**
   * Aborted when the process stops waiting for Postgres (its shutdown grace is over). Until then
   * an outcome Postgres cannot take yet is kept and written when it can.
   */
  giveUp?: AbortSignal;
  /**
   * Resolves once Postgres takes a query (the runtime's `SELECT 1`). With it, a handler whose own
   * queries find Postgres gone is postponed: the worker waits for this to answer and puts the
   * job back without spending an attempt (see postponement.ts).
   */
  postgresAnswers?: () => Promise<unknown>;
  /** Where an outage of Postgres is logged once, with a count, instead of once per job. */
  postgresOutage?: OutageLog;
  /** Whether the type's queue is paused on record (a local reading, no I/O). */
  queuePaused?: () => boolean;
}

/** How long a job of a paused queue that reached a worker waits before BullMQ hands it out again. */
export const PAUSED_RETRY_DELAY_MS = 1000;

/** How long a cancelled handler may take to reach its checkpoint and return what it did. */
export const CANCEL_GRACE_MS = 10_000;

/** The cancel reason the runtime gives a job it stops because the process is leaving. */
export const SHUTDOWN_REASON = 'the worker is shutting down';

/** The handler was stopped because its worker is leaving, not because anyone asked. */
class WorkerShutdownError extends Error {
  constructor() {
    super(SHUTDOWN_REASON);
    this.name = 'WorkerShutdownError';
  }
}

/** How long a job waits when Postgres could not record its start. */
export const START_RETRY_DELAY_MS = 2000;
/** How long a start may wait for Postgres before the job is put back for later. */
export const START_TIMEOUT_MS = 5000;

/** The answer the worker asks of its transitions: the states alone, not the row (see StateChange). */
const STATE = 'state' as const;

// Progress goes to Postgres and to BullMQ (Bull Board) at most this often per job, the same
// value to both, so the API and Bull Board show the same number.
const PROGRESS_INTERVAL_MS = 500;
// How long a finished handler waits for its last progress figure to be written.
const PROGRESS_FLUSH_WAIT_MS = 1000;

/**
 * The BullMQ side of a job's life: BullMQ hands over the job, the lifecycle decides. Each step
 * is an event of the lifecycle's table (start, progress, complete, attemptFailed, fail, stop);
 * a step the table refuses is not taken. BullMQ passes an AbortSignal only to a processor that
 * declares three parameters, hence the signature.
 */
export function createProcessor(definition: JobDefinition, deps: ProcessorDeps) {
  const handler = definition.handler;
  if (!handler) throw new Error(`Job type "${definition.name}" has no handler`);
  const { lifecycle } = deps;
  // The handler gets what its definition declares, nothing more.
  const handlerDeps = Object.fromEntries(
    definition.needs.map((name) => [name, deps.jobDeps[name]]),
  ) as unknown as JobDeps;

  return async (job: Job<QueuedPayload>, token?: string, cancel?: AbortSignal) => {
    const id = job.id as string;

    // Its queue is paused on record, though BullMQ handed it out (Redis lost the flag a moment
    // ago): nothing has run, so it goes back as it came, no attempt spent, and waits in the queue
    // once the flag is set again.
    if (deps.queuePaused?.()) {
      await job.moveToDelayed(Date.now() + PAUSED_RETRY_DELAY_MS, token);
      throw new DelayedError();
    }

    // Each transition of the worker's asks for the states alone (STATE): it reads nothing else of
    // the row, and parsing the whole row twice a job was a large part of the worker's CPU.
    let start: StateChange;
    try {
      start = await withDatabaseDeadline(lifecycle.start(id, deps.workerId, STATE), START_TIMEOUT_MS, 'the start');
    } catch (error) {
      // Postgres is away or hung: nothing has run yet, so put the job back for later without
      // spending one of its attempts (an outage must not fail jobs). A start that reaches
      // Postgres late leaves the row running; the next start takes it from there.
      if (deps.postgresOutage && isDatabaseUnavailable(error)) {
        deps.postgresOutage.failed(error, 'jobs are put back and start once it answers');
      } else {
        deps.log.warn({ err: error, jobId: id }, 'cannot record the start in Postgres; job postponed');
      }
      await job.moveToDelayed(Date.now() + START_RETRY_DELAY_MS, token);
      throw new DelayedError();
    }
    deps.postgresOutage?.recovered();
    if (!start.allowed || start.to !== 'running' || !start.attempt) {
      // No row, already finished, or asked to stop before it could run: BullMQ shows why.
      const why = start.allowed
        ? `${CANCELLED_REASON_PREFIX}${start.error ?? 'on request'}`
        : `not run: ${start.reason}`;
      deps.log.info({ jobId: id, jobType: definition.name }, why);
      throw withoutStack(new UnrecoverableError(why));
    }
    const attempt = start.attempt.number;
    // A child logger, not the fields passed with each line: its bindings are checked for
    // credentials and turned into JSON once, however many lines the job writes.
    const log = withBindings(deps.log, { jobId: id, jobType: definition.name, attempt });
    const startedAt = performance.now();
    log.info(`${definition.name} started (attempt ${attempt} of ${job.opts.attempts ?? 1})`);
    const ended = (outcome: Outcome) => {
      deps.metrics?.attemptEnded(definition.name, outcome, (performance.now() - startedAt) / 1000);
      deps.activity?.attemptEnded(outcome);
    };

    const parsed = definition.payload.safeParse(job.data.payload ?? {});
    if (!parsed.success) {
      const message = `Invalid payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')}`;
      await persist(log, 'failed', () => lifecycle.fail(id, message, null, STATE), deps.giveUp, deps.postgresOutage);
      ended('failed');
      throw new UnrecoverableError(message);
    }

    // One signal for the handler: cancellation, the maximum run time, or shutdown.
    const stop = new AbortController();
    const onCancel = () =>
      stop.abort(
        cancel?.reason === SHUTDOWN_REASON
          ? new WorkerShutdownError()
          : new JobCancelledError(reasonText(cancel?.reason)),
      );
    cancel?.addEventListener('abort', onCancel, { once: true });
    // BullMQ's signal exists from the moment the job is handed out, and the cancel watch may
    // abort it while the start is still on its way back from Postgres (the row says running
    // once the start commits): an abort event is not replayed to a listener added later, and
    // the watch signals a job once, so a signal already aborted is the request, taken now.
    if (cancel?.aborted) onCancel();
    const timer = setTimeout(
      () => stop.abort(new JobTimeoutError(definition.name, definition.defaults.timeoutMs)),
      definition.defaults.timeoutMs,
    );

    // The record first, then Bull Board: the board never shows a figure the record lacks. Made
    // at the first figure: a job that reports none has nothing to write or to wait for.
    let progress: ReturnType<typeof createProgressReporter> | undefined;
    const reporter = () =>
      createProgressReporter(async (figure: JobProgress) => {
        await lifecycle.progress(id, figure, STATE);
        await job.updateProgress(figure as object);
      }, PROGRESS_INTERVAL_MS);
    let jobLog: JobLogger | undefined;
    const context = {
      jobId: id,
      attempt,
      signal: stop.signal,
      // Made when the handler first reads it: most handlers of many short jobs never log.
      get log() {
        jobLog ??= durableJobLog(log, deps.jobLogs, job);
        return jobLog;
      },
      deps: handlerDeps,
      async progress(figure: JobProgress) {
        progress ??= reporter();
        progress.report(figure);
      },
    };

    let result: JobResult;
    let running: Promise<JobResult> | undefined;
    try {
      // The race makes the maximum run time hold even for a handler that ignores its signal;
      // such a handler's late outcome is dropped (swallowed, so it cannot crash the process).
      running = handler(parsed.data, context);
      running.catch(() => {});
      result = await raceAbort(running, stop.signal);
    } catch (error) {
      const reason = stop.signal.aborted ? stop.signal.reason : error;
      if (reason instanceof WorkerShutdownError) {
        // The process is leaving past its grace period: nothing is recorded, the job keeps its
        // attempt open, and BullMQ's stalled-job check hands it to another worker (a new attempt,
        // reason `stalled`). Never settling keeps this worker from reporting anything for it.
        log.warn('stopped by the worker shutting down; left to another worker');
        return new Promise<never>(() => {});
      }
      if (reason instanceof JobCancelledError) {
        // Asked to stop: give the handler a moment to reach its checkpoint and say what it did.
        const partial = await Promise.race([
          (running ?? Promise.resolve(null)).catch(() => null),
          sleep(CANCEL_GRACE_MS).then(() => null),
        ]);
        await persist(
          log,
          'cancelled',
          () => lifecycle.stop(id, reason.message, partial, STATE),
          deps.giveUp,
          deps.postgresOutage,
        );
        ended('cancelled');
        log.info({ partial: partial !== null }, 'job cancelled');
        throw withoutStack(new UnrecoverableError(`${CANCELLED_REASON_PREFIX}${reason.message}`));
      }
      if (deps.postgresAnswers && isOutageOfTheRecord(reason)) {
        // Postgres went away under the handler: not the job's fault, so not an attempt of it.
        const seen = await untilPostgresAnswers(deps.postgresAnswers, [stop.signal, deps.giveUp], () =>
          deps.postgresOutage?.failed(reason, 'jobs whose queries failed are put back once it answers'),
        );
        if (!seen.answered && stop.signal.reason instanceof WorkerShutdownError) {
          log.warn('Postgres away and the worker shutting down; left to another worker');
          return new Promise<never>(() => {});
        }
        // Only an outage that was there: an error that merely looks like one, while Postgres
        // answers at once, is the job's (else such a job would be postponed for ever).
        if (seen.wasDown) throw await postpone(reason);
      }
      throw await settleFailure(errorMessage(reason), null, reason);
    } finally {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
      // The row and Bull Board keep the last progress reported, throttled writes included; a
      // Postgres that does not answer keeps only the figure waiting, not the job.
      if (progress) await Promise.race([progress.flush(), sleep(PROGRESS_FLUSH_WAIT_MS)]);
    }

    // A handler that reports failure has failed, whatever else it says.
    if (!result.success) {
      throw await settleFailure(result.errors?.[0] ?? `${definition.name} reported failure`, result, null);
    }

    // Written behind: BullMQ holds the result until the row has it (see write-behind.ts).
    const written = persist(
      log,
      'completed',
      () => lifecycle.complete(id, result, STATE, deps.writeBehind !== undefined),
      deps.giveUp,
      deps.postgresOutage,
    );
    if (deps.writeBehind) await deps.writeBehind.add(written);
    else await written;
    ended('completed');
    log.info(
      { itemsProcessed: result.itemsProcessed },
      `${definition.name} completed in ${((performance.now() - startedAt) / 1000).toFixed(1)} s (${result.itemsProcessed} items)`,
    );
    return result;

    /**
     * Puts the job back without spending an attempt, once Postgres answers again: the attempt
     * comes off the record (`postpone`) and BullMQ runs the job again at once, its tries as they
     * were (a DelayedError does not count as one). A job asked to stop meanwhile ends cancelled.
     */
    async function postpone(outage: unknown): Promise<Error> {
      const why = `Postgres went away while the handler ran (${errorMessage(outage)}); postponed without spending an attempt`;
      const moved = await persist(
        log,
        'postponed',
        () => lifecycle.postpone(id, why, STATE),
        deps.giveUp,
        deps.postgresOutage,
      );
      if (moved?.allowed && moved.to === 'cancelled') {
        ended('cancelled');
        return withoutStack(new UnrecoverableError(`${CANCELLED_REASON_PREFIX}${moved.error ?? 'on request'}`));
      }
      // The outage itself is logged once for all jobs (postgresOutage); the job's record says it.
      log.debug(
        { error: errorMessage(outage) },
        'Postgres went away under the handler; the job runs again now that it answers',
      );
      await job.moveToDelayed(Date.now(), token);
      return new DelayedError();
    }

    /** Records the failed attempt as the table has it and answers what to throw to BullMQ. */
    async function settleFailure(message: string, partial: JobResult | null, error: unknown): Promise<Error> {
      const event = eventAfterFailure(error, { attemptsMade: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 });
      const moved = await persist(
        log,
        event,
        () =>
          event === 'fail' ? lifecycle.fail(id, message, partial, STATE) : lifecycle.attemptFailed(id, message, STATE),
        deps.giveUp,
        deps.postgresOutage,
      );
      // Only a job the lifecycle put back to pending is tried again (a stop request ends it); if
      // Postgres did not answer, BullMQ retries and the reconciler brings the row along.
      const retries = event === 'attemptFailed' && (moved === undefined || (moved.allowed && moved.to === 'pending'));
      ended(retries ? 'retrying' : 'failed');
      log.warn({ final: !retries, error: message }, retries ? 'attempt failed; will retry' : 'job failed');
      return retries ? new Error(message) : new UnrecoverableError(message);
    }
  };
}

/**
 * Writes an outcome to Postgres. While Postgres is away (refused, reset, hung) the outcome is
 * kept and written when it can, however long that takes, until `giveUp` (the process is leaving
 * past its grace): then the outcome stays with BullMQ, and the reconciler or the stalled-job
 * check brings the row along. An error of the statement itself is tried three times.
 */
async function persist<T>(
  log: JobLogger,
  what: string,
  write: () => Promise<T>,
  giveUp?: AbortSignal,
  postgresOutage?: OutageLog,
): Promise<T | undefined> {
  let refusals = 0;
  for (let attempt = 1; !giveUp?.aborted; attempt++) {
    try {
      // A hung connection never answers: stop waiting for it when the process gives up.
      const written = await (giveUp ? raceAbort(write(), giveUp) : write());
      postgresOutage?.recovered();
      return written;
    } catch (error) {
      if (giveUp?.aborted) break;
      const outage = isDatabaseUnavailable(error);
      if (!outage && ++refusals >= 3) {
        log.error({ err: error }, `could not record the ${what} state in Postgres; left to the reconciler`);
        return undefined;
      }
      // An outage is logged once for every job that meets it (postgresOutage), not per write.
      if (outage && postgresOutage) postgresOutage.failed(error, 'outcomes are kept and written once it answers');
      else if (attempt === 1 || attempt % 10 === 0) {
        log.warn({ err: error, attempt }, `could not record the ${what} state in Postgres yet; keeping it`);
      }
      await sleep(Math.min(200 * attempt, 5000), undefined, giveUp ? { signal: giveUp } : {}).catch(() => {});
    }
  }
  log.warn(`left the ${what} state to BullMQ and the reconciler: the worker is leaving`);
  return undefined;
}

/** Bull Board shows an error's stack: for a decision (not run, cancelled) the reason alone says it. */
function withoutStack<E extends Error>(error: E): E {
  error.stack = error.message;
  return error;
}

const reasonText = (reason: unknown) =>
  typeof reason === 'string' && reason ? reason : reason instanceof Error ? reason.message : 'cancelled on request';

function withBindings(log: JobLogger, bindings: object): JobLogger {
  const child = (log as { child?: (b: object) => JobLogger }).child;
  return child ? child.call(log, bindings) : log;
}
