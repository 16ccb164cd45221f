export { buildCatalogue, productionJobs, type Catalogue } from './catalogue.ts';
export { createCrawlerClient, type CrawlerClient, crawlBatchRequest, type CrawlBatchRequest, type CrawlBatchResponse } from './clients/crawler.ts';
export { JobTimeoutError, ServiceCallError, errorMessage, formatDuration } from './errors.ts';
export { createJobQueues, PRIORITY_RANK, type JobQueues, type QueuedPayload } from './queues.ts';
export { createRedis } from './redis.ts';
export {
  InvalidPayloadError,
  JobNotImplementedError,
  triggerJob,
  UnknownJobTypeError,
  type TriggerDeps,
  type TriggerRequest,
} from './trigger.ts';
export type { JobContext, JobDefaults, JobDefinition, JobDeps, JobLogger, JobProgress, JobResult } from './types.ts';
