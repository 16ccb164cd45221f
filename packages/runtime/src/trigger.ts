import type { JobRecord, Priority } from '@scheduler/db';
import type { Catalogue, JobLogger } from '@scheduler/jobs';
import type { LifecycleStore } from '@scheduler/lifecycle';
import type { JobQueues } from './queues.ts';
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

export interface TriggerDeps {
  catalogue: Catalogue;
  lifecycle: LifecycleStore;
  queues: JobQueues;
  log: JobLogger;
}

export interface TriggerRequest {
  jobType: string;
  payload?: Record<string, unknown> | undefined;
  priority?: Priority | undefined;
  startedBy: string | null;
  startedByClerkId?: string | null;
  scheduleName?: string | null;
  scheduleSlot?: string | null;
  retryOf?: string | null;
}

/**
 * Records the job, then queues it. The row is committed before anything is acknowledged; if
 * Redis cannot take the job right now, the row stays `pending` and the reconciler queues it.
 */
export async function triggerJob(deps: TriggerDeps, request: TriggerRequest): Promise<JobRecord> {
  const { definition, payload } = checkRunnable(deps.catalogue, request.jobType, request.payload);

  const newJob = {
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
  };
  let outcome = await deps.lifecycle.create(newJob);
  // The job in the way finished between the insert and its lookup: the way is free now.
  if (!outcome.created && !outcome.record) outcome = await deps.lifecycle.create(newJob);
  const record = outcome.record;
  if (!record) throw new Error(`could not record the ${definition.name} job; try again`);
  // A schedule slot delivered twice: its run exists; queueing it again below is a no-op.
  const sameSlot = !outcome.created && newJob.scheduleSlot !== null && record.scheduleSlot === newJob.scheduleSlot;
  if (!outcome.created && !sameSlot) throw new JobAlreadyActiveError(record);
  try {
    // BullMQ waits for a connection that may never come; the caller must not.
    await withTimeout(deps.queues.enqueue(record), ENQUEUE_TIMEOUT_MS, 'Redis');
  } catch (error) {
    deps.log.warn(
      { jobId: record.id, jobType: record.jobType, err: error },
      'could not queue the job now; it stays pending and the reconciler will queue it',
    );
  }
  return record;
}
