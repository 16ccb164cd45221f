import type { JobProgress, JobResult, Sql } from '@scheduler/db';
import { type DepName, errorMessage, type JobDefinition, type JobDeps, type JobLogger } from '@scheduler/jobs';
import {
  createLifecycleStore,
  eventAfterFailure,
  JobCancelledError,
  JobTimeoutError,
  type LifecycleStore,
} from '@scheduler/lifecycle';
import type { z } from 'zod';

/** One line the handler logged through ctx.log. */
export interface LoggedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  data: Record<string, unknown> | null;
}

export interface RunJobOptions {
  /**
   * Where the job's scheduled_jobs row is recorded (created, started, settled through the
   * lifecycle store as a worker would). The ledger and the crawl claims name their holder by
   * job id and look at that row (a claim of an ended run may be taken over; a claim whose job is
   * not running is released), so a type that needs either must have it.
   */
  sql?: Sql;
  /**
   * Run the next attempt of this job: one an earlier runJob left pending (its attempt failed
   * and it has attempts left), as BullMQ would retry it. Needs `sql`.
   */
  jobId?: string;
  /** For a new job: the attempt this run is (default 1); the row gets the earlier ones, failed. */
  attempt?: number;
  /** Aborting it is a cancel request: the handler's signal aborts and its partial result is kept. */
  signal?: AbortSignal;
  /** The attempt's maximum run time (default: the type's); past it the run fails with JobTimeoutError. */
  timeoutMs?: number;
  /** How long a cancelled handler may take to return what it did (default 10 s, as the worker). */
  cancelGraceMs?: number;
}

export interface RunJobOutcome {
  jobId: string;
  attempt: number;
  /** The row's status after the run; null without `sql` (no row). */
  status: 'completed' | 'failed' | 'pending' | 'cancelled' | null;
  /** What the handler returned (on a cancel: what it did before it stopped). */
  result: JobResult;
  logs: LoggedLine[];
  /** Every progress report, unthrottled, in order. */
  progress: JobProgress[];
}

/** The dependencies whose queries look up the job's own scheduled_jobs row. */
const NEEDS_A_JOB_ROW: readonly DepName[] = ['ledger', 'crawlClaims'];
const WORKER_ID = 'runJob';
const DEFAULT_CANCEL_GRACE_MS = 10_000;

const stores = new WeakMap<Sql, LifecycleStore>();
const storeOf = (sql: Sql) => {
  const known = stores.get(sql);
  if (known) return known;
  const store = createLifecycleStore(sql);
  stores.set(sql, store);
  return store;
};

/**
 * Runs one handler of `definition`, in this process, without BullMQ, Redis or the API: the
 * payload is parsed by the type's schema as the worker parses it, the handler gets exactly the
 * `needs` of its definition taken from `deps`, and a context of its own (a logger and progress
 * that record, a signal the test aborts, a maximum run time). With `sql` the run is a real job:
 * its row is created, started and settled as a worker does it.
 *
 * A handler that throws makes runJob throw that error (after the row records the failure);
 * one that returns `success: false` is a failed attempt too, returned with its result.
 */
export async function runJob<Definition extends JobDefinition>(
  definition: Definition,
  payload: z.input<Definition['payload']>,
  // The needs as the definition's own literal list types them (defineJob's result also carries
  // the general JobDefinition, whose needs are every name).
  deps: Pick<JobDeps, Definition['needs'][number]>,
  options: RunJobOptions = {},
): Promise<RunJobOutcome> {
  const { handler } = definition;
  if (!handler) throw new Error(`runJob: job type "${definition.name}" has no handler`);
  const handlerDeps = onlyTheNeeds(definition, deps);
  const parsed = definition.payload.safeParse(payload ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`);
    throw new Error(`runJob: invalid ${definition.name} payload: ${problems.join('; ')}`);
  }
  if (!options.sql) {
    const needy = definition.needs.filter((need) => NEEDS_A_JOB_ROW.includes(need));
    if (needy.length > 0 || options.jobId) {
      throw new Error(
        `runJob: ${definition.name} needs a scheduled_jobs row (${needy.join(', ') || 'jobId'} ` +
          'names the job by its id): pass { sql }',
      );
    }
  }
  const record = options.sql ? storeOf(options.sql) : null;
  const { jobId, attempt } = record
    ? await startedRow(record, definition, parsed.data as Record<string, unknown>, options)
    : { jobId: crypto.randomUUID(), attempt: options.attempt ?? 1 };

  const logs: LoggedLine[] = [];
  const progress: JobProgress[] = [];
  const stop = new AbortController();
  const onCancel = () => stop.abort(new JobCancelledError(reasonText(options.signal?.reason)));
  if (options.signal?.aborted) onCancel();
  else options.signal?.addEventListener('abort', onCancel, { once: true });
  const timeoutMs = options.timeoutMs ?? definition.defaults.timeoutMs;
  const timer = setTimeout(() => stop.abort(new JobTimeoutError(definition.name, timeoutMs)), timeoutMs);

  const running = handler(parsed.data, {
    jobId,
    attempt,
    signal: stop.signal,
    log: recordingLogger(logs),
    deps: handlerDeps,
    async progress(figure) {
      progress.push(figure);
    },
  });
  running.catch(() => {});
  const outcome = (status: RunJobOutcome['status'], result: JobResult): RunJobOutcome => ({
    jobId,
    attempt,
    status,
    result,
    logs,
    progress,
  });
  try {
    let result: JobResult;
    try {
      result = await untilAborted(running, stop.signal);
    } catch (error) {
      const reason = stop.signal.aborted ? stop.signal.reason : error;
      if (reason instanceof JobCancelledError) {
        // As the worker does: the handler has a moment to reach its checkpoint and say what it did.
        // One that throws instead has nothing to report: the row is stopped all the same.
        const partial = await withinGrace(running, options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS, definition.name);
        const stopped = await record?.stop(jobId, reason.message, partial);
        if (!partial) throw reason;
        return outcome(stopped ? (stopped.record?.status as RunJobOutcome['status']) : null, partial);
      }
      await settleFailure(reason, null);
      throw reason;
    }
    if (!result.success) {
      const status = await settleFailure(null, result);
      return outcome(status, result);
    }
    const completed = await record?.complete(jobId, result);
    return outcome(completed ? (completed.record?.status as RunJobOutcome['status']) : null, result);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }

  /** The worker's rule: retried while attempts are left, unless a timeout or a permanent error. */
  async function settleFailure(error: unknown, result: JobResult | null): Promise<RunJobOutcome['status']> {
    if (!record) return null;
    const message =
      error !== null ? errorMessage(error) : (result?.errors?.[0] ?? `${definition.name} reported failure`);
    const event = eventAfterFailure(error, { attemptsMade: attempt - 1, maxAttempts: definition.defaults.attempts });
    const moved =
      event === 'fail' ? await record.fail(jobId, message, result) : await record.attemptFailed(jobId, message);
    return moved.record?.status as RunJobOutcome['status'];
  }
}

/** Exactly the dependencies the definition declares; a missing one is a mistake in the test. */
function onlyTheNeeds(definition: JobDefinition, deps: Partial<JobDeps>): JobDeps {
  const missing = definition.needs.filter((need) => deps[need] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `runJob: ${definition.name} needs ${definition.needs.join(', ')}; deps lacks ${missing.join(', ')}`,
    );
  }
  return Object.fromEntries(definition.needs.map((need) => [need, deps[need]])) as unknown as JobDeps;
}

/** A new job's row, started at the attempt asked for, or the next attempt of an existing one. */
async function startedRow(
  record: LifecycleStore,
  definition: JobDefinition,
  payload: Record<string, unknown>,
  options: RunJobOptions,
): Promise<{ jobId: string; attempt: number }> {
  let jobId = options.jobId;
  if (!jobId) {
    const wanted = options.attempt ?? 1;
    if (wanted < 1 || wanted > definition.defaults.attempts) {
      throw new Error(`runJob: attempt ${wanted} of ${definition.name}, which has ${definition.defaults.attempts}`);
    }
    const created = await record.create({
      jobType: definition.name,
      payload,
      priority: definition.defaults.priority,
      maxAttempts: definition.defaults.attempts,
      startedBy: 'test:runJob',
    });
    if (!created.record) throw new Error(`runJob: could not record a ${definition.name} job`);
    jobId = created.record.id;
    for (let earlier = 1; earlier < wanted; earlier++) {
      await record.start(jobId, WORKER_ID);
      await record.attemptFailed(jobId, `attempt ${earlier}: failed before the one runJob runs`);
    }
  }
  const started = await record.start(jobId, WORKER_ID);
  if (!started.allowed || started.to !== 'running' || !started.attempt) {
    throw new Error(
      `runJob: job ${jobId} cannot start (${started.allowed ? `it is ${started.to}` : started.reason}): ` +
        'only a pending job runs its next attempt',
    );
  }
  if (options.jobId && options.attempt !== undefined && options.attempt !== started.attempt.number) {
    throw new Error(`runJob: job ${jobId} is at attempt ${started.attempt.number}, not ${options.attempt}`);
  }
  return { jobId, attempt: started.attempt.number };
}

/** The logger a handler gets: each line kept, in order, as the worker keeps it with the job. */
function recordingLogger(lines: LoggedLine[]): JobLogger {
  const keep = (level: LoggedLine['level']) => (obj: object | string, msg?: string) => {
    lines.push({
      level,
      message: msg ?? (typeof obj === 'string' ? obj : ''),
      data: typeof obj === 'object' ? (obj as Record<string, unknown>) : null,
    });
  };
  return { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** The handler's outcome, or the signal's reason as soon as it aborts (a handler may ignore it). */
function untilAborted<T>(running: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    running.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function withinGrace(running: Promise<JobResult>, graceMs: number, jobType: string): Promise<JobResult | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`runJob: ${jobType} did not return within ${graceMs} ms of being cancelled`)),
      graceMs,
    );
  });
  try {
    return await Promise.race([running.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The reason given to abort(), as the worker takes BullMQ's; a bare abort() is a plain request. */
const reasonText = (reason: unknown) =>
  typeof reason === 'string' && reason
    ? reason
    : reason instanceof Error && reason.name !== 'AbortError'
      ? reason.message
      : 'cancelled on request';
