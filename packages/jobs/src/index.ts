// The job catalogue: one folder per job type (its definition, schedule, handler and the queries
// only it uses), Stumbleable's shared queries, and what handlers share. It knows no BullMQ, no
// Redis and no HTTP client; @scheduler/runtime runs it.
export { buildCatalogue, type Catalogue, declaredScheduleName, type JobName, productionJobs } from './catalogue.ts';
export { buildJobDeps, needsOf, type SharedResources } from './deps.ts';
export {
  errorMessage,
  formatDuration,
  JobCancelledError,
  JobTimeoutError,
  PermanentJobError,
  ServiceCallError,
} from './errors.ts';
export { JOB_TABLE_END, JOB_TABLE_START, renderJobTable, withJobTable } from './readme-table.ts';
export {
  DEFAULT_RETENTION_DAYS,
  declaredRetention,
  type EffectiveRetention,
  effectiveRetention,
  type RetentionSource,
} from './retention-policy.ts';
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
export {
  type ClaimedDiscovery,
  type ContentMetrics,
  type CrawlClaims,
  type CrawlOutcome,
  createContentMetrics,
  createCrawlClaims,
  createRecipients,
  createTrending,
  type MetricsRefresh,
  type Recipient,
  type RecipientPage,
  type Recipients,
  type ReviewedSubmission,
  type TopDiscovery,
  TRENDING_WINDOWS,
  type Trending,
  type TrendingWindow,
} from './stumbleable/index.ts';
export type {
  DepName,
  JobContext,
  JobDefaults,
  JobDefinition,
  JobDeps,
  JobLogger,
  JobProgress,
  JobResult,
  JobRetention,
  ScheduleDeclaration,
} from './types.ts';
export { defineJob } from './types.ts';
export { type IsoWeek, isoWeekOf, parseIsoWeek } from './weekly-digest/iso-week.ts';
