import { errorMessage, ServiceCallError } from '../errors.ts';
import type { JobContext, JobResult } from '../types.ts';
import type { CrawlPendingPayload } from './index.ts';

const MAX_REPORTED_ERRORS = 50;

/**
 * A failure of the crawler as a whole (unreachable, timed out, 5xx, 408 or 429, or a 200 that
 * says success: false) rather than a refusal of this batch (any other 4xx).
 */
function isServiceOutage(error: unknown): boolean {
  if (!(error instanceof ServiceCallError) || error.status === undefined) return true;
  return error.status >= 500 || error.status === 408 || error.status === 429 || error.status < 400;
}

export async function runCrawlPending(
  payload: CrawlPendingPayload,
  ctx: JobContext<'crawlClaims' | 'crawler'>,
): Promise<JobResult> {
  const { crawlClaims, crawler } = ctx.deps;
  const startedAt = Date.now();
  const runStartedAt = new Date(startedAt);
  const recrawlBefore = payload.recrawlOlderThanDays
    ? new Date(Date.now() - payload.recrawlOlderThanDays * 86_400_000)
    : null;

  // A previous attempt of this same job may have died holding claims.
  await crawlClaims.releaseClaimsOf(ctx.jobId);
  const total = await crawlClaims.countClaimable(recrawlBefore);
  ctx.log.info(
    { claimable: total, recrawlBefore: recrawlBefore?.toISOString() ?? null },
    total > 0 ? `${total} discoveries to crawl, in batches of ${payload.batchSize}` : 'nothing pending to crawl',
  );

  const tally = { processed: 0, crawled: 0, failed: 0, backToPending: 0, batches: 0 };
  const errors: string[] = [];
  const summary = (stoppedBecause: string) => ({
    successfulCrawls: tally.crawled,
    failedCrawls: tally.failed + tally.backToPending,
    markedFailed: tally.failed,
    returnedToPending: tally.backToPending,
    batches: tally.batches,
    duration: `${((Date.now() - startedAt) / 1000).toFixed(1)}s`,
    durationMs: Date.now() - startedAt,
    stoppedBecause,
  });

  let stoppedBecause = 'nothing left pending';
  while (true) {
    if (ctx.signal.aborted) {
      stoppedBecause = 'stopped';
      break;
    }
    if (tally.batches >= payload.maxBatches) {
      stoppedBecause = `reached the cap of ${payload.maxBatches} batches`;
      break;
    }
    const batch = await crawlClaims.claimBatch(ctx.jobId, payload.batchSize, runStartedAt, recrawlBefore);
    if (batch.length === 0) break;
    tally.batches++;

    let answer: Awaited<ReturnType<typeof crawler.crawlBatch>>;
    try {
      answer = await crawler.crawlBatch({ jobId: ctx.jobId, items: batch }, ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) {
        // Not the items' fault: hand them back untouched.
        await crawlClaims.releaseClaimsOf(ctx.jobId);
        stoppedBecause = 'stopped';
        break;
      }
      const message = errorMessage(error);
      if (isServiceOutage(error)) {
        // The crawler is down, overloaded or hanging: not the items' fault. They go back
        // untouched (no failure counted) and the run fails, so it is retried later.
        await crawlClaims.releaseClaimsOf(ctx.jobId);
        ctx.log.warn(
          { batch: tally.batches, error: message },
          'crawler unavailable; the batch is handed back untouched',
        );
      } else {
        // The crawler refused the batch itself (a 4xx): something in it is wrong, so it counts.
        const counts = await crawlClaims.recordOutcomes(
          ctx.jobId,
          batch.map((item) => ({ id: item.id, ok: false, error: message })),
          payload.maxItemFailures,
        );
        tally.failed += counts.failed;
        tally.backToPending += counts.pending;
        ctx.log.warn({ batch: tally.batches, error: message }, 'crawler refused the batch');
      }
      return {
        success: false,
        itemsProcessed: tally.processed,
        errors: [`batch ${tally.batches}: ${message}`, ...errors].slice(0, MAX_REPORTED_ERRORS),
        details: summary('the crawler call failed'),
      };
    }

    const byId = new Map(answer.results.map((r) => [r.id, r]));
    const outcomes = batch.map((item) => {
      const outcome = byId.get(item.id);
      if (!outcome) return { id: item.id, ok: false, error: 'missing from the crawler answer' };
      return { id: item.id, ok: outcome.status === 'crawled', error: outcome.error ?? null };
    });
    const counts = await crawlClaims.recordOutcomes(ctx.jobId, outcomes, payload.maxItemFailures);
    tally.processed += batch.length;
    tally.crawled += counts.crawled;
    tally.failed += counts.failed;
    tally.backToPending += counts.pending;
    const failures = outcomes.flatMap((o, index) =>
      o.ok ? [] : [`${batch[index]?.url}: ${o.error ?? 'crawl failed'}`],
    );
    errors.push(...failures.slice(0, MAX_REPORTED_ERRORS - errors.length));
    ctx.log[failures.length > 0 ? 'warn' : 'info'](
      { batch: tally.batches, size: batch.length, ...counts, failures: failures.slice(0, 5) },
      `batch ${tally.batches}: ${batch.length} sent to the crawler: ${counts.crawled} crawled` +
        (counts.pending ? `, ${counts.pending} failed and back to pending` : '') +
        (counts.failed ? `, ${counts.failed} marked failed after ${payload.maxItemFailures} tries` : '') +
        ` (${tally.processed} of ${Math.max(total, tally.processed)})`,
    );
    await ctx.progress({
      percent: total > 0 ? Math.min(99, Math.floor((tally.processed / total) * 100)) : 99,
      done: tally.processed,
      total: Math.max(total, tally.processed),
    });
  }

  const details = summary(stoppedBecause);
  ctx.log.info(details, `finished: ${tally.crawled} crawled, ${details.failedCrawls} failed (${stoppedBecause})`);
  return { success: true, itemsProcessed: tally.processed, errors, details };
}
