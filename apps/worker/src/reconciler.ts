import type { JobHistory, JobRecord, JobResult, JobStore } from '@scheduler/db';
import type { CrawlClaims, JobLogger } from '@scheduler/jobs';
import { CANCELLED_REASON_PREFIX, type LifecycleStore } from '@scheduler/lifecycle';
import { type JobQueues, SCHEDULE_QUEUE } from '@scheduler/runtime';

export interface ReconcilerDeps {
  jobs: JobStore;
  lifecycle: LifecycleStore;
  queues: JobQueues;
  crawlClaims: CrawlClaims;
  log: JobLogger;
  /** Rows changed more recently than this are left alone (an API may still be queueing them). */
  graceMs: number;
  /** The history charts' rollups, kept small with each pass (old minutes folded into hours). */
  history?: JobHistory;
}

export interface ReconcileReport {
  checked: number;
  requeued: number;
  settledCompleted: number;
  settledFailed: number;
  settledCancelled: number;
  releasedClaims: number;
  removedStrays: number;
}

const PAGE_SIZE = 500;
const MAX_PAGES = 40;
const PARALLEL = 25;

/**
 * Brings Postgres (the record) back in line with Redis (the transport). Safe to run on every
 * replica at once: every write is conditional, and queueing an id twice is a no-op.
 *
 * - unfinished row whose job completed/failed → settled from the job's outcome (complete, fail)
 * - pending or running row, no job in Redis   → queued again (requeue); a running one's attempt is
 *                                                closed as lost and the next one says why it started
 * - active/waiting/delayed job                → left to BullMQ (stalled-job recovery owns it)
 * - queued job without a row                  → removed from its queue: every real job's row is
 *                                                committed before it is queued, so it is a stray
 *                                                (added to Redis by hand) and would only fail
 */
export async function reconcileOnce(deps: ReconcilerDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    checked: 0,
    requeued: 0,
    settledCompleted: 0,
    settledFailed: 0,
    settledCancelled: 0,
    releasedClaims: 0,
    removedStrays: 0,
  };
  const before = new Date(Date.now() - deps.graceMs);
  let cursor: JobRecord | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await deps.jobs.findUnfinished(before, PAGE_SIZE, cursor);
    // A few rows at a time: each costs two Redis round trips.
    for (let i = 0; i < rows.length; i += PARALLEL) {
      await Promise.all(
        rows.slice(i, i + PARALLEL).map((row) => {
          report.checked++;
          return reconcileRow(deps, row, report).catch((error: unknown) =>
            deps.log.warn({ err: error, jobId: row.id }, 'could not reconcile job'),
          );
        }),
      );
    }
    if (rows.length < PAGE_SIZE) break;
    cursor = rows[rows.length - 1] ?? null;
  }
  report.removedStrays = await removeStrays(deps);
  report.releasedClaims = await deps.crawlClaims.releaseOrphanedClaims();
  // Safe on every replica at once (see JobHistory.fold); a failure waits for the next pass.
  await deps.history?.fold().catch((error: unknown) => deps.log.warn({ err: error }, 'could not fold the job history'));
  const changed =
    report.requeued +
    report.settledCompleted +
    report.settledFailed +
    report.settledCancelled +
    report.releasedClaims +
    report.removedStrays;
  if (changed > 0) deps.log.info({ ...report }, 'reconciler repaired drift between Postgres and Redis');
  return report;
}

async function reconcileRow(deps: ReconcilerDeps, row: JobRecord, report: ReconcileReport) {
  const queue = deps.queues.get(row.jobType);
  if (!queue) {
    // A type this replica does not know (a newer release during a rolling deploy): leave it.
    return;
  }
  const job = await queue.getJob(row.id);
  const state = job ? await job.getState() : 'missing';

  if (state === 'completed' && job) {
    const result = (job.returnvalue ?? { success: true }) as JobResult;
    if ((await deps.lifecycle.complete(row.id, result)).allowed) report.settledCompleted++;
  } else if (state === 'failed' && job) {
    const reason = job.failedReason || 'failed in the queue';
    // The worker stopped it on request but could not write that down.
    if (reason.startsWith(CANCELLED_REASON_PREFIX)) {
      const moved = await deps.lifecycle.stop(row.id, reason.slice(CANCELLED_REASON_PREFIX.length), null);
      if (moved.allowed) report.settledCancelled++;
    } else if ((await deps.lifecycle.fail(row.id, reason)).allowed) report.settledFailed++;
  } else if (state === 'missing' || state === 'unknown') {
    // Never queued (Redis was away at the trigger), or Redis lost it (a restart without its data,
    // a flush): an outage is not the job's fault, so it runs again.
    const why =
      row.status === 'running'
        ? 'Redis lost the job while it was running (its data was lost or deleted); queued again'
        : undefined;
    const moved = await deps.lifecycle.apply(row.id, 'requeue', why ? { error: why } : {});
    if (moved.allowed && moved.to === 'pending' && moved.record) {
      await deps.queues.enqueue(moved.record);
      report.requeued++;
    } else if (moved.allowed && moved.to === 'cancelled') {
      report.settledCancelled++;
    }
  }
}

/** Queued jobs (waiting, delayed, prioritized) that have no row, removed; at most a page per queue and pass. */
async function removeStrays(deps: ReconcilerDeps): Promise<number> {
  let removed = 0;
  for (const queue of deps.queues.all()) {
    if (queue.name === SCHEDULE_QUEUE) continue;
    const jobs = await queue.getJobs(['wait', 'delayed', 'prioritized'], 0, PAGE_SIZE - 1);
    const ids = jobs.map((job) => job.id).filter((id): id is string => Boolean(id));
    if (ids.length === 0) continue;
    const known = await deps.jobs.existing(ids);
    for (const id of ids.filter((id) => !known.has(id))) {
      if ((await queue.remove(id)) === 1) {
        removed++;
        deps.log.warn({ jobId: id, queue: queue.name }, 'removed a queued job that has no record');
      }
    }
  }
  return removed;
}

/** Runs `reconcileOnce` now and then every `intervalMs` (with jitter, so replicas spread out). */
export function startReconciler(deps: ReconcilerDeps, intervalMs: number) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    clearTimeout(timer);
    running = reconcileOnce(deps)
      .catch((error: unknown) => deps.log.error({ err: error }, 'reconciler pass failed'))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, intervalMs * (0.8 + Math.random() * 0.4));
      });
  };
  tick();
  return {
    /** A pass now (Redis is back after an outage), unless one is under way. */
    runNow() {
      if (!running && !stopped) tick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
