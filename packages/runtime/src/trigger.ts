import {
  DatabaseTimeoutError,
  type InsertOutcome,
  type JobRecord,
  type NewJob,
  type Priority,
  tagsProblem,
  withDatabaseDeadline,
} from '@scheduler/db';
import { type Catalogue, errorMessage, type JobLogger } from '@scheduler/jobs';
import type { LifecycleStore } from '@scheduler/lifecycle';
import type { JobQueues } from './queues.ts';
import type { UnqueuedJobs } from './unqueued.ts';
import { withTimeout } from './with-timeout.ts';

export class UnknownJobTypeError extends Error {
  constructor(
    readonly jobType: string,
    known: readonly string[],
  ) {
    super(`Unknown job type "${jobType}". Known types: ${known.join(', ')}`);
  }
}

export class JobNotImplementedError extends Error {
  constructor(readonly jobType: string) {
    super(`Job type "${jobType}" is declared but has no handler yet, so nothing was queued`);
  }
}

/** An exclusive type already has an unfinished job; `active` is that job. */
export class JobAlreadyActiveError extends Error {
  constructor(readonly active: JobRecord) {
    super(`A ${active.jobType} job is already ${active.status} (${active.id}); this type runs one at a time`);
  }
}

export class InvalidPayloadError extends Error {
  constructor(
    readonly jobType: string,
    readonly problems: string[],
  ) {
    super(`Invalid payload for ${jobType}: ${problems.join('; ')}`);
  }
}

/** Tags that cannot be stored (see tagsProblem). */
export class InvalidTagsError extends Error {
  constructor(readonly problem: string) {
    super(`Invalid tags: ${problem}`);
  }
}

/**
 * The type's definition and the payload as its schema reads it (defaults filled in), or the
 * error that says why this job cannot run: unknown type, no handler yet, invalid payload.
 */
export function checkRunnable(catalogue: Catalogue, jobType: string, payload: Record<string, unknown> = {}) {
  const definition = catalogue.get(jobType);
  if (!definition) throw new UnknownJobTypeError(jobType, catalogue.names);
  if (!definition.handler) throw new JobNotImplementedError(jobType);
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) {
    throw new InvalidPayloadError(
      jobType,
      parsed.error.issues.map((i) => `${['payload', ...i.path].join('.')}: ${i.message}`),
    );
  }
  return { definition, payload: parsed.data as Record<string, unknown> };
}

/** How long a trigger waits for Redis before leaving the queueing to the reconciler. */
const ENQUEUE_TIMEOUT_MS = 2000;
/** How long a trigger waits for Postgres to record the job before answering that it cannot. */
export const RECORD_TIMEOUT_MS = 5000;
// The insert itself gives up this much earlier, so that a statement still on its way when the
// caller is answered (a hung link delivers it late) records nothing, even with some clock skew
// between this process and Postgres.
const RECORD_MARGIN_MS = 500;

export interface TriggerDeps {
  catalogue: Catalogue;
  lifecycle: LifecycleStore;
  queues: JobQueues;
  log: JobLogger;
  /** Where a job Redis cannot take now waits to be queued as soon as Redis is back. */
  unqueued?: UnqueuedJobs;
}

export interface TriggerRequest {
  /** The job's id, to make asking again answer the same job, not a second one (see NewJob.id). */
  id?: string;
  jobType: string;
  payload?: Record<string, unknown> | undefined;
  priority?: Priority | undefined;
  startedBy: string | null;
  startedByClerkId?: string | null;
  scheduleName?: string | null;
  scheduleSlot?: string | null;
  retryOf?: string | null;
  /** Labels to find the job by (at most MAX_JOB_TAGS, each matching JOB_TAG_PATTERN). */
  tags?: readonly string[] | undefined;
  /** When the caller must have its answer (epoch ms); RECORD_TIMEOUT_MS from now by default. */
  answerBy?: number;
}

/**
 * Records the job, then queues it. The row is committed before anything is acknowledged; if
 * Redis cannot take the job right now, the row stays `pending` and the reconciler queues it.
 */
export async function triggerJob(deps: TriggerDeps, request: TriggerRequest): Promise<JobRecord> {
  const { definition, payload } = checkRunnable(deps.catalogue, request.jobType, request.payload);
  const tagProblem = tagsProblem(request.tags ?? []);
  if (tagProblem) throw new InvalidTagsError(tagProblem);

  const newJob = {
    ...(request.id ? { id: request.id } : {}),
    jobType: definition.name,
    payload,
    priority: request.priority ?? definition.defaults.priority,
    maxAttempts: definition.defaults.attempts,
    startedBy: request.startedBy,
    startedByClerkId: request.startedByClerkId ?? null,
    scheduleName: request.scheduleName ?? null,
    scheduleSlot: request.scheduleSlot ?? null,
    overlapKey: definition.exclusive ? definition.name : null,
    retryOf: request.retryOf ?? null,
    tags: request.tags ?? [],
  };
  const answerBy = request.answerBy ?? Date.now() + RECORD_TIMEOUT_MS;
  const recordJob = () => recordInTime(deps, { ...newJob, notAfter: new Date(answerBy - RECORD_MARGIN_MS) }, answerBy);
  let outcome = await recordJob();
  // The job in the way finished between the insert and its lookup: the way is free now.
  if (!outcome.created && !outcome.record) outcome = await recordJob();
  const record = outcome.record;
  if (!record) throw new Error(`could not record the ${definition.name} job; try again`);
  // A schedule slot delivered twice, or a job asked for again by its id: it exists; queueing it
  // again below is a no-op (a worker runs only a job its record says is pending).
  const sameSlot = !outcome.created && newJob.scheduleSlot !== null && record.scheduleSlot === newJob.scheduleSlot;
  const sameJob = !outcome.created && request.id !== undefined && record.id === request.id;
  if (!outcome.created && !sameSlot && !sameJob) throw new JobAlreadyActiveError(record);
  try {
    // BullMQ waits for a connection that may never come; the caller must not.
    await withTimeout(deps.queues.enqueue(record), ENQUEUE_TIMEOUT_MS, 'Redis');
  } catch (error) {
    // With somewhere to keep it, the job waits there and the outage is logged once, not per job.
    if (!deps.unqueued?.add(record, error)) {
      deps.log.warn(
        { jobId: record.id, jobType: record.jobType, error: errorMessage(error) },
        'could not queue the job now; it stays pending and the reconciler will queue it',
      );
    }
  }
  return record;
}

/**
 * Records the job, or throws DatabaseTimeoutError once `answerBy` comes without an answer from
 * Postgres. The insert carries its own deadline (notAfter), so a statement held up on a hung
 * link records nothing when it arrives; should one still land (a clock far off), the job is
 * withdrawn at once, before anything could queue it.
 */
async function recordInTime(deps: TriggerDeps, job: NewJob, answerBy: number): Promise<InsertOutcome> {
  const insert = deps.lifecycle.create(job);
  let outcome: InsertOutcome;
  try {
    outcome = await withDatabaseDeadline(insert, Math.max(0, answerBy - Date.now()), 'the new job');
  } catch (error) {
    if (error instanceof DatabaseTimeoutError) {
      insert
        .then(async (late) => {
          if (!late.created) return;
          await deps.lifecycle.stop(late.record.id, WITHDRAWN_REASON, null);
          deps.log.warn({ jobId: late.record.id }, 'withdrew a job recorded after its caller was answered');
        })
        .catch(() => {});
    }
    throw error;
  }
  if (!outcome.created && outcome.expired) throw new DatabaseTimeoutError('the new job', RECORD_TIMEOUT_MS);
  return outcome;
}

/** Why a job recorded after its caller was told it could not be is cancelled at once. */
export const WITHDRAWN_REASON = 'withdrawn: Postgres recorded it after the caller had been answered that it could not';
