import { PermanentJobError } from '../errors.ts';
import { DEFAULT_RETENTION_DAYS } from '../retention-policy.ts';
import { TRENDING_WINDOWS, type TrendingWindow } from '../stumbleable/index.ts';
import type { JobContext, JobResult } from '../types.ts';
import type { CleanupOldDataPayload } from './index.ts';
import { type ArchiveRule, archiveRules, type TableShare } from './retention.ts';

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
    side_effect_ledger: daysAgo(payload.ledgerRetentionDays),
    job_events: daysAgo(payload.eventRetentionDays),
  };
  // Each job type's finished jobs are archived past its own retention (an admin's, its code's,
  // or the default), failures past theirs.
  const defaultDays = payload.jobArchiveAfterDays ?? DEFAULT_RETENTION_DAYS;
  const typeRetentions = await retention.typeRetentions(defaultDays);
  const rules = archiveRules(typeRetentions, defaultDays, startedAt);
  const plan = {
    user_interactions: await retention.interactionsShare(cutoffs.user_interactions),
    scheduled_jobs: await retention.archivableJobsShare(rules),
    side_effect_ledger: await retention.settledLedgerShare(cutoffs.side_effect_ledger),
    idempotency_keys: await retention.expiredIdempotencyKeysShare(),
    job_logs: await retention.oldJobLogsShare(rules),
    job_events: await retention.oldJobEventsShare(cutoffs.job_events),
  };
  // The ledger, idempotency keys, job logs and events are the scheduler's own bookkeeping,
  // mostly old by nature: no guard on them.
  const refused = (['user_interactions', 'scheduled_jobs'] as const).filter((table) =>
    exceeds(plan[table], payload.maxDeleteShare),
  );
  const about = {
    cutoffs: Object.fromEntries(Object.entries(cutoffs).map(([table, at]) => [table, at.toISOString()])),
    jobRetention: {
      defaultDays,
      byType: Object.fromEntries(
        typeRetentions.map((r) => [r.jobType, { days: r.days, failedDays: r.failedDays, source: r.source }]),
      ),
    },
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
  const inBatches = async <Cutoff>(
    what: string,
    step: (cutoff: Cutoff, batch: number) => Promise<number>,
    cutoff: Cutoff,
  ) => {
    const removed = await eachBatch(step, cutoff);
    ctx.log.info(
      { [what]: removed, ...(cutoff instanceof Date ? { cutoff: cutoff.toISOString() } : {}) },
      `${what}: ${removed}`,
    );
    return removed;
  };
  // Each rule in turn: one index range of a type's finished jobs, batch after batch.
  const archiveAll = async () => {
    let archived = 0;
    const byType: Record<string, number> = {};
    for (const rule of rules) {
      const n = await eachBatch(retention.archiveJobs, rule);
      archived += n;
      if (n > 0) byType[typeLabel(rule)] = (byType[typeLabel(rule)] ?? 0) + n;
    }
    ctx.log.info({ scheduledJobsArchived: archived, byType }, `scheduledJobsArchived: ${archived}`);
    return { archived, byType };
  };
  const eachBatch = async <Cutoff>(step: (cutoff: Cutoff, batch: number) => Promise<number>, cutoff: Cutoff) => {
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
  const userInteractionsDeleted = await inBatches(
    'userInteractionsDeleted',
    retention.deleteInteractions,
    cutoffs.user_interactions,
  );
  const archived = await archiveAll();
  const removed = {
    userInteractionsDeleted,
    scheduledJobsArchived: archived.archived,
    ledgerRowsDeleted: await inBatches('ledgerRowsDeleted', retention.deleteSettledLedger, cutoffs.side_effect_ledger),
    idempotencyKeysDeleted: await inBatches(
      'idempotencyKeysDeleted',
      retention.deleteExpiredIdempotencyKeys,
      new Date(startedAt),
    ),
    jobLogLinesDeleted: await inBatches('jobLogLinesDeleted', retention.deleteOldJobLogs, rules),
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

  const details = {
    ...about,
    ...removed,
    archivedByType: archived.byType,
    refreshed,
    durationMs: Date.now() - startedAt,
  };
  ctx.log.info(details, 'cleanup finished');
  return {
    success: true,
    itemsProcessed: Object.values(removed).reduce((sum, n) => sum + n, 0),
    errors: [],
    details: ctx.signal.aborted ? { ...details, stoppedBecause: 'stopped' } : details,
  };
}

const typeLabel = (rule: ArchiveRule) => rule.jobTypes?.join(',') ?? '(types no longer in the code)';

const exceeds = ({ candidates, total }: TableShare, maxShare: number) => total > 0 && candidates / total > maxShare;

const describeShare = (table: string, { candidates, total }: TableShare) =>
  `${table}: ${candidates} of ${total} rows (${Math.round((candidates / total) * 100)}%)`;
