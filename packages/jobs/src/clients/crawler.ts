import { z } from 'zod';
import { ServiceCallError } from '../errors.ts';
import { createServiceHttp, describeFailure, type ServiceClientOptions } from './http.ts';

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
    async crawlBatch(request, signal) {
      let body: unknown;
      try {
        body = await http
          .post('api/crawl/batch', {
            json: request,
            signal,
            headers: { 'X-Scheduler-Job-Id': request.jobId },
          })
          .json();
      } catch (error) {
        throw await describeFailure(SERVICE, error, options.timeoutMs);
      }
      const parsed = crawlBatchResponse.safeParse(body);
      if (!parsed.success) {
        throw new ServiceCallError(SERVICE, `answered with an unexpected body: ${JSON.stringify(body).slice(0, 300)}`);
      }
      // A 200 that says it failed is a failure (the old scheduler recorded it as a success).
      if (!parsed.data.success) {
        throw new ServiceCallError(SERVICE, `reported failure: ${parsed.data.error ?? 'no reason given'}`);
      }
      return parsed.data;
    },
  };
}
