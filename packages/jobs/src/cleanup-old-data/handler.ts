import { PermanentJobError } from '../errors.ts';
import { TRENDING_WINDOWS, type TrendingWindow } from '../stumbleable/index.ts';
import type { JobContext, JobResult } from '../types.ts';
import type { CleanupOldDataPayload } from './index.ts';
import type { TableShare } from './retention.ts';

const DAY_MS = 86_400_000;

export async function runCleanupOldData(
  payload: CleanupOldDataPayload,
  ctx: JobContext<'retention' | 'contentMetrics' | 'trending'>,
): Promise<JobResult> {
  const { retention } = ctx.deps;
  const startedAt = Date.now();
  const daysAgo = (days: number) => new Date(startedAt - days * DAY_MS);
  const cutoffs = {
    user_interactions: daysAgo(payload.interactionRetentionDays),
    scheduled_jobs: daysAgo(payload.jobArchiveAfterDays),
    side_effect_ledger: daysAgo(payload.ledgerRetentionDays),
    job_events: daysAgo(payload.eventRetentionDays),
  };
  const plan = {
    user_interactions: await retention.interactionsShare(cutoffs.user_interactions),
    scheduled_jobs: await retention.archivableJobsShare(cutoffs.scheduled_jobs),
    side_effect_ledger: await retention.settledLedgerShare(cutoffs.side_effect_ledger),
    idempotency_keys: await retention.expiredIdempotencyKeysShare(),
    job_logs: await retention.oldJobLogsShare(cutoffs.scheduled_jobs),
    job_events: await retention.oldJobEventsShare(cutoffs.job_events),
  };
  // The ledger, idempotency keys, job logs and events are the scheduler's own bookkeeping,
  // mostly old by nature: no guard on them.
  const refused = (['user_interactions', 'scheduled_jobs'] as const).filter((table) =>
    exceeds(plan[table], payload.maxDeleteShare),
  );
  const about = {
    cutoffs: Object.fromEntries(Object.entries(cutoffs).map(([table, at]) => [table, at.toISOString()])),
    plan,
  };

  ctx.log.info(
    about,
    `candidates: ${Object.entries(plan)
      .map(([table, share]) => `${share.candidates} of ${share.total} ${table}`)
      .join(', ')}`,
  );
  if (payload.dryRun) {
    ctx.log.info(
      refused.length
        ? `dry run: would refuse (too large a share of ${refused.join(', ')})`
        : 'dry run: deleted nothing',
    );
    return {
      success: true,
      itemsProcessed: 0,
      errors: [],
      details: { ...about, dryRun: true, wouldRefuse: refused, durationMs: Date.now() - startedAt },
    };
  }
  if (refused.length > 0) {
    throw new PermanentJobError(
      `cleanup_old_data refused to run: it would delete more than maxDeleteShare ${payload.maxDeleteShare} of ` +
        `${refused.map((t) => describeShare(t, plan[t])).join('; ')}. Nothing was deleted. If that is intended, ` +
        'trigger it with a higher maxDeleteShare (or a longer retention).',
    );
  }

  const totalWork = Object.values(plan).reduce((sum, table) => sum + table.candidates, 0);
  let done = 0;
  const inBatches = async (what: string, step: (cutoff: Date, batch: number) => Promise<number>, cutoff: Date) => {
    const removed = await eachBatch(step, cutoff);
    ctx.log.info({ [what]: removed, cutoff: cutoff.toISOString() }, `${what}: ${removed}`);
    return removed;
  };
  const eachBatch = async (step: (cutoff: Date, batch: number) => Promise<number>, cutoff: Date) => {
    let removed = 0;
    while (!ctx.signal.aborted) {
      const n = await step(cutoff, payload.batchSize);
      removed += n;
      done += n;
      await ctx.progress({
        percent: Math.min(90, Math.floor((done / Math.max(totalWork, 1)) * 90)),
        done,
        total: totalWork,
      });
      if (n < payload.batchSize) break;
    }
    return removed;
  };
  const removed = {
    userInteractionsDeleted: await inBatches(
      'userInteractionsDeleted',
      retention.deleteInteractions,
      cutoffs.user_interactions,
    ),
    scheduledJobsArchived: await inBatches('scheduledJobsArchived', retention.archiveJobs, cutoffs.scheduled_jobs),
    ledgerRowsDeleted: await inBatches('ledgerRowsDeleted', retention.deleteSettledLedger, cutoffs.side_effect_ledger),
    idempotencyKeysDeleted: await inBatches(
      'idempotencyKeysDeleted',
      retention.deleteExpiredIdempotencyKeys,
      new Date(startedAt),
    ),
    jobLogLinesDeleted: await inBatches('jobLogLinesDeleted', retention.deleteOldJobLogs, cutoffs.scheduled_jobs),
    jobEventsDeleted: await inBatches('jobEventsDeleted', retention.deleteOldJobEvents, cutoffs.job_events),
  };

  let refreshed: Record<string, unknown> = { skipped: true };
  if (payload.refresh && !ctx.signal.aborted) {
    await ctx.progress({ percent: 90, message: 'refreshing metrics and trending' });
    const metrics = await ctx.deps.contentMetrics.refresh();
    const trendingByWindow: Partial<Record<TrendingWindow, number>> = {};
    for (const window of Object.keys(TRENDING_WINDOWS) as TrendingWindow[]) {
      trendingByWindow[window] = await ctx.deps.trending.replaceWindow(window);
    }
    refreshed = { metrics, trendingByWindow, discoveryScoresChanged: await ctx.deps.trending.syncDiscoveryScores() };
  }

  const details = { ...about, ...removed, refreshed, durationMs: Date.now() - startedAt };
  ctx.log.info(details, 'cleanup finished');
  return {
    success: true,
    itemsProcessed: Object.values(removed).reduce((sum, n) => sum + n, 0),
    errors: [],
    details: ctx.signal.aborted ? { ...details, stoppedBecause: 'stopped' } : details,
  };
}

const exceeds = ({ candidates, total }: TableShare, maxShare: number) => total > 0 && candidates / total > maxShare;

const describeShare = (table: string, { candidates, total }: TableShare) =>
  `${table}: ${candidates} of ${total} rows (${Math.round((candidates / total) * 100)}%)`;
