import { z } from 'zod';
import { defineJob } from '../types.ts';
import { runCrawlPending } from './handler.ts';

export const crawlPendingPayload = z.strictObject({
  /** Discoveries claimed and sent to the crawler per call. */
  batchSize: z.int().min(1).max(500).default(100),
  /** Stop after this many batches even if more are pending (the next run continues). */
  maxBatches: z.int().min(1).max(10_000).default(100),
  /** Also re-crawl content last crawled more than this many days ago. */
  recrawlOlderThanDays: z.int().min(1).max(3650).optional(),
  /** A discovery whose crawl failed this many times is marked `failed` instead of `pending`. */
  maxItemFailures: z.int().min(1).max(100).default(5),
});
export type CrawlPendingPayload = z.output<typeof crawlPendingPayload>;

/**
 * Claims pending discoveries in batches (FOR UPDATE SKIP LOCKED, marked `crawling`), posts
 * each batch to the crawler, and records every item's outcome, until nothing is pending or
 * the batch cap is reached.
 */
export const crawlPending = defineJob({
  name: 'crawl_pending',
  needs: ['crawlClaims', 'crawler'],
  description:
    'Crawls discoveries whose crawl_status is pending (and, on request, stale ones) through the crawler service.',
  payload: crawlPendingPayload,
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    timeoutMs: 30 * 60_000,
    concurrency: 1,
    priority: 'MEDIUM',
  },
  exclusive: true,
  // Failures are kept twice as long as the rest: they are what someone looks into later.
  retention: { days: 90, failedDays: 180 },
  schedule: {
    cron: '*/15 * * * *',
    description: 'Crawl newly submitted content.',
  },
  handler: runCrawlPending,
});
