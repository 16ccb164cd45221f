// The job catalogue: one file per job type (name, payload schema, defaults, the dependencies it
// needs, handler) and what handlers share. It knows no BullMQ, no Redis and no HTTP client;
// @scheduler/runtime runs it.
export { buildCatalogue, type Catalogue, declaredScheduleName, type JobName, productionJobs } from './catalogue.ts';
export {
  errorMessage,
  formatDuration,
  JobCancelledError,
  JobTimeoutError,
  PermanentJobError,
  ServiceCallError,
} from './errors.ts';
export { type IsoWeek, isoWeekOf, parseIsoWeek } from './iso-week.ts';
export { JOB_TABLE_END, JOB_TABLE_START, renderJobTable, withJobTable } from './readme-table.ts';
export {
  type CrawlBatchRequest,
  type CrawlBatchResponse,
  type CrawlerClient,
  crawlBatchRequest,
  crawlBatchResponse,
} from './services/crawler.ts';
export type { EmailClient, EmailMessage, SendOptions } from './services/email.ts';
export { discoveryInEmail, EMAIL_TEMPLATE_DATA, type WeeklyTrendingData } from './services/email-templates.ts';
export { serialiseOnce, stringifyReusing } from './services/reused-json.ts';
export type {
  DepName,
  JobContext,
  JobDefaults,
  JobDefinition,
  JobDeps,
  JobLogger,
  JobProgress,
  JobResult,
  ScheduleDeclaration,
} from './types.ts';
export { defineJob } from './types.ts';
