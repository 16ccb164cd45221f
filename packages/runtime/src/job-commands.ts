import { isJobId, type JobRecord } from '@scheduler/db';
import type { LifecycleEvent, State, Transition } from '@scheduler/lifecycle';
import { checkRunnable, type TriggerDeps, type TriggerRequest, triggerJob, UnknownJobTypeError } from './trigger.ts';

/** The lifecycle's table refused what was asked of a job; `state` is where the job stands. */
export class JobRefusedError extends Error {
  constructor(
    readonly jobId: string,
    readonly event: LifecycleEvent,
    readonly state: State,
    reason: string,
  ) {
    super(state === 'absent' ? `No job with id ${jobId}` : `Job ${jobId} cannot be ${VERB[event] ?? event}: ${reason}`);
    this.name = 'JobRefusedError';
  }
}

const VERB: Partial<Record<LifecycleEvent, string>> = {
  requestCancel: 'cancelled',
  retry: 'retried',
  remove: 'removed',
  promote: 'promoted',
};

/** The transition's record, or the refusal as an error. */
export function allowedOrThrow(id: string, event: LifecycleEvent, transition: Transition): JobRecord {
  if (!transition.allowed) throw new JobRefusedError(id, event, transition.from, transition.reason);
  if (!transition.record) throw new JobRefusedError(id, event, 'absent', 'no such job');
  return transition.record;
}

/** What a job command needs: the record, the queues, a log (for what it could not do in Redis). */
export type CommandDeps = Pick<TriggerDeps, 'lifecycle' | 'queues' | 'log'>;

/**
 * Asks a job to stop. A queued job is cancelled at once and taken out of its queue (a worker
 * that took it meanwhile finds it cancelled and does not run it); a running one is flagged, and
 * its worker stops it at the next checkpoint. `reason` (who cancelled it, and why) becomes the
 * error of a job cancelled before it started.
 */
export async function cancelJob(deps: CommandDeps, id: string, reason?: string) {
  const record = allowedOrThrow(id, 'requestCancel', await deps.lifecycle.requestCancel(id, reason));
  if (record.status === 'cancelled') {
    await deps.queues
      .get(record.jobType)
      ?.remove(id)
      .catch((error: unknown) => deps.log.warn({ err: error, jobId: id }, 'could not remove the job from its queue'));
  }
  return record;
}

/**
 * A new run of a failed or cancelled job: same type, payload (unless `payload` replaces it),
 * priority and schedule, linked by retryOf. The original stays as it is. A replacement payload
 * is checked against the type before anything is written, so a bad one changes nothing.
 * With `runId`, the same retry asked again answers the run it made the first time.
 */
export async function retryJob(
  deps: TriggerDeps,
  id: string,
  actor: Pick<TriggerRequest, 'startedBy' | 'startedByClerkId'>,
  payload?: Record<string, unknown>,
  runId?: string,
): Promise<JobRecord> {
  if (payload) {
    const original = isJobId(id) ? await deps.lifecycle.get(id) : null;
    if (!original) throw new JobRefusedError(id, 'retry', 'absent', 'no such job');
    checkRunnable(deps.catalogue, original.jobType, payload);
  }
  const original = allowedOrThrow(id, 'retry', await deps.lifecycle.apply(id, 'retry'));
  return triggerJob(deps, {
    ...(runId ? { id: runId } : {}),
    jobType: original.jobType,
    payload: payload ?? original.payload,
    priority: original.priority,
    scheduleName: original.scheduleName,
    tags: original.tags,
    retryOf: original.id,
    ...actor,
  });
}

/** Where a queue command acts: the queue (named as its job type) and the job in it. */
export interface QueuedJob {
  queueName: string;
  jobId: string;
}

/**
 * Takes a job out of its queue (Bull Board's remove and clean). A queued job is cancelled on
 * record first, with `why`; a running one is refused (cancel it instead); a finished one, or a
 * queue entry without a record, only leaves Redis.
 */
export async function removeJob(deps: CommandDeps, { queueName, jobId }: QueuedJob, why: string): Promise<void> {
  const queue = queueNamed(deps, queueName);
  const moved = await deps.lifecycle.apply(jobId, 'remove', { error: why });
  if (!moved.allowed) throw new JobRefusedError(jobId, 'remove', moved.from, moved.reason);
  await queue.remove(jobId);
}

/** Runs a delayed, pending job now (Bull Board's promote); anything else is refused. */
export async function promoteJob(deps: CommandDeps, { queueName, jobId }: QueuedJob): Promise<void> {
  const queue = queueNamed(deps, queueName);
  allowedOrThrow(jobId, 'promote', await deps.lifecycle.apply(jobId, 'promote'));
  const job = await queue.getJob(jobId);
  if (!job || (await job.getState()) !== 'delayed') {
    throw new JobRefusedError(
      jobId,
      'promote',
      'pending',
      'it is not waiting on a delay, so there is nothing to promote',
    );
  }
  await job.promote();
}

function queueNamed(deps: CommandDeps, queueName: string) {
  const queue = deps.queues.get(queueName);
  if (!queue) {
    const known = deps.queues.all().filter((q) => q !== deps.queues.schedules);
    throw new UnknownJobTypeError(
      queueName,
      known.map((q) => q.name),
    );
  }
  return queue;
}
