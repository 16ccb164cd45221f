import { type CrawlerClient, crawlBatchResponse } from '@scheduler/jobs';
import { createServiceHttp, postForSuccess, type ServiceClientOptions } from './http.ts';

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
