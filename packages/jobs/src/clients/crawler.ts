import { z } from 'zod';
import { createServiceHttp, postForSuccess, type ServiceClientOptions } from './http.ts';

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

const SERVICE = 'crawler-service';

export function createCrawlerClient(options: Omit<ServiceClientOptions, 'service'>): CrawlerClient {
  const http = createServiceHttp({ ...options, service: SERVICE });
  return {
    crawlBatch: (request, signal) =>
      postForSuccess(
        http,
        { service: SERVICE, timeoutMs: options.timeoutMs },
        'api/crawl/batch',
        { json: request, signal, headers: { 'X-Scheduler-Job-Id': request.jobId } },
        crawlBatchResponse,
      ),
  };
}
