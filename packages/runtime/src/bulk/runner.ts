import {
  type BulkJobOutcome,
  type BulkOperation,
  type BulkOperations,
  createBulkOperations,
  createJobArchive,
  type JobArchive,
  type Sql,
} from '@scheduler/db';
import { errorMessage } from '@scheduler/jobs';
import { v5 as uuidv5 } from 'uuid';
import { cancelJob, JobRefusedError, retryJob } from '../job-commands.ts';
import {
  InvalidPayloadError,
  JobAlreadyActiveError,
  JobNotImplementedError,
  type TriggerDeps,
  UnknownJobTypeError,
} from '../trigger.ts';
import { startWatch, type Watch, type WatchLog } from '../watch.ts';
import { mergePatch, refusalOf } from './verdicts.ts';

export interface BulkRunnerDeps extends TriggerDeps {
  sql: Sql;
  /** The pace: jobs acted on per second, at most, across every replica (one runner at a time). */
  jobsPerSecond: number;
  log: TriggerDeps['log'] & WatchLog;
  /** How often the runner looks for work and paces its batches (default 250 ms). */
  turnMs?: number;
}

type Outcome = Omit<BulkJobOutcome, 'position'>;

const refused = (reason: string): Outcome => ({ outcome: 'refused', reason });

/**
 * The id of the run a retry makes for the job at `position` of an operation: the same every time
 * (a name-based UUID, version 5: the operation's id as the namespace, the position as the name).
 * A runner that dies after retrying a group but before recording it leaves no outcome; the next
 * holder retries the group again, and the runs it asks for by these ids already exist, so it gets
 * them back instead of second runs.
 */
export function retryRunId(operationId: string, position: number): string {
  return uuidv5(String(position), operationId);
}

/**
 * One job of an operation, through the same commands as the single actions of the API
 * (cancelJob, retryJob: the lifecycle decides), or archived when it is finished (delete).
 * A refusal by the lifecycle is the job's outcome, not an error of the operation.
 */
async function actOn(
  deps: BulkRunnerDeps,
  archive: JobArchive,
  op: BulkOperation,
  { position, jobId }: { position: number; jobId: string },
): Promise<Outcome> {
  try {
    if (op.action === 'cancel') {
      const job = await cancelJob(deps, jobId);
      // A running job is flagged and its worker stops it at its next checkpoint: asked, as the 202 of a single cancel.
      return { outcome: 'done', reason: job.status === 'cancelled' ? null : 'cancel requested' };
    }
    if (op.action === 'retry') {
      const actor = { startedBy: op.actorUserId, startedByClerkId: op.actorClerkId };
      let payload: Record<string, unknown> | undefined;
      if (op.payloadPatch) {
        const original = await deps.lifecycle.get(jobId);
        if (!original) return refused(refusalOf('absent'));
        payload = mergePatch(original.payload, op.payloadPatch);
      }
      const job = await retryJob(deps, jobId, actor, payload, retryRunId(op.id, position));
      return { outcome: 'done', reason: null, newJobId: job.id };
    }
    const jobType = await archive.archiveOne(jobId);
    if (jobType === null) {
      const job = await deps.lifecycle.get(jobId);
      // Unfinished (or gone meanwhile): the archive takes finished jobs only.
      if (!job) return refused(refusalOf('absent'));
      return refused(refusalOf(job.cancelRequestedAt && job.status === 'running' ? 'cancelling' : job.status));
    }
    // Its BullMQ entry (kept for Bull Board's lists) goes too; the record is what counts.
    await deps.queues
      .get(jobType)
      ?.remove(jobId)
      .catch((error: unknown) =>
        deps.log.warn({ err: error, jobId }, 'could not remove an archived job from its queue'),
      );
    return { outcome: 'done', reason: null };
  } catch (error) {
    if (error instanceof JobRefusedError) return refused(refusalOf(error.state));
    if (error instanceof JobAlreadyActiveError) return refused('another job of its type is active');
    if (error instanceof InvalidPayloadError) return refused('payload invalid for its type');
    if (error instanceof UnknownJobTypeError) return refused('unknown job type');
    if (error instanceof JobNotImplementedError) return refused('its type has no handler');
    return { outcome: 'failed', reason: errorMessage(error) };
  }
}

/** Jobs acted on at once within a batch: their lifecycle moves share one statement (the store batches them). */
const IN_FLIGHT = 20;

/**
 * Works through one batch of the oldest running operation, IN_FLIGHT jobs at a time: each group
 * acted on, then its outcomes recorded in one statement before the next group (so a runner that
 * dies resumes after the last group recorded), and the operation's state read back with each
 * record, so an abort stops it after the group under way.
 */
export async function runBulkBatch(
  deps: BulkRunnerDeps,
  { store, archive }: { store: BulkOperations; archive: JobArchive },
  batchSize: number,
): Promise<number> {
  const op = await store.nextRunning();
  if (!op) return 0;
  if (!op.startedAt) await store.markStarted(op.id);
  const batch = await store.pendingJobs(op.id, batchSize);
  let acted = 0;
  for (let i = 0; i < batch.length; i += IN_FLIGHT) {
    const group = batch.slice(i, i + IN_FLIGHT);
    const outcomes = await Promise.all(
      group.map(async (job) => ({ position: job.position, ...(await actOn(deps, archive, op, job)) })),
    );
    acted += group.length;
    const state = await store.record(op.id, outcomes);
    if (state !== 'running') return acted;
  }
  if (batch.length < batchSize) {
    await store.finish(op.id, 'done');
    deps.log.info({ operationId: op.id, action: op.action }, 'bulk operation done');
  }
  return acted;
}

/**
 * The bulk-action runner: one process at a time across every API replica holds the
 * `bulk-operations` lease (Postgres) and works through the running operations, oldest first, a
 * batch per turn. A batch is as many jobs as the pace allows in a turn, so the whole service acts
 * on at most `jobsPerSecond` jobs a second however many replicas there are, and triggers and
 * workers keep their share of Postgres and Redis. A holder that dies is replaced when its lease
 * expires, and the new one resumes at the operation's cursor.
 */
export function startBulkRunner(deps: BulkRunnerDeps): Watch {
  // A turn every 250 ms (an abort or a new operation is seen within it), longer when the pace is below 4 jobs a second.
  const everyMs = deps.turnMs ?? Math.max(250, Math.ceil(1000 / deps.jobsPerSecond));
  const batchSize = Math.max(1, Math.round((deps.jobsPerSecond * everyMs) / 1000));
  const stores = { store: createBulkOperations(deps.sql), archive: createJobArchive(deps.sql) };
  return startWatch({
    sql: deps.sql,
    log: deps.log,
    everyMs,
    lease: 'bulk-operations',
    duty: 'runs the bulk actions',
    passes: [{ name: 'bulk-operations', run: () => runBulkBatch(deps, stores, batchSize).then(() => {}) }],
  });
}
