/**
 * Seeding shared by a job type's handler test (beside it) and the worker's full-stack test of the
 * same type (apps/worker/test), so both start from the same rows and expect the same figures.
 * Imported as `@scheduler/jobs/test-data` by tests only: no handler or query uses it.
 */
export { type RetentionData, retentionSnapshot, seedRetentionData } from './cleanup-old-data/test-data.ts';
export {
  chargedOrHeldItems,
  clearDiscoveries,
  crawlStatusCounts,
  LOG_OF_250_IN_BATCHES_OF_100,
  oneInFiftyUnreachable,
  reachableUrl,
  seedPendingDiscoveries,
} from './crawl-pending/test-data.ts';
export { type Staff, seedContentReports, seedModerationStaff } from './moderation-updates/test-data.ts';
export { seedTrendingInteractions, type TrendingDiscovery } from './recalculate-trending/test-data.ts';
export {
  type Submission,
  type Submitter,
  seedReviewedSubmissions,
} from './submission-notifications/test-data.ts';
export { type CountedDiscovery, seedInteractionsToCount } from './update-metrics/test-data.ts';
export { type DigestDiscovery, type DigestUser, seedDigestAudience } from './weekly-digest/test-data.ts';
