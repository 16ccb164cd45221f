// Shared: what the job types expect of the crawler; the HTTP client that speaks it is in @scheduler/runtime.
import { z } from 'zod';

/**
 * The crawler's batch endpoint, defined by the scheduler: `POST /api/crawl/batch` takes the
 * claimed discoveries, crawls each, updates the ones it crawled in `discoveries`, and answers
 * with one outcome per item.
 */
export const crawlBatchRequest = z.object({
  jobId: z.uuid(),
  items: z
    .array(z.object({ id: z.uuid(), url: z.string().min(1) }))
    .min(1)
    .max(1000),
});
export type CrawlBatchRequest = z.infer<typeof crawlBatchRequest>;

export const crawlBatchResponse = z.object({
  success: z.boolean(),
  error: z.string().optional(),
  results: z
    .array(
      z.object({
        id: z.string(),
        status: z.enum(['crawled', 'failed']),
        error: z.string().optional(),
      }),
    )
    .default([]),
});
export type CrawlBatchResponse = z.infer<typeof crawlBatchResponse>;

export interface CrawlerClient {
  crawlBatch(request: CrawlBatchRequest, signal?: AbortSignal): Promise<CrawlBatchResponse>;
}
