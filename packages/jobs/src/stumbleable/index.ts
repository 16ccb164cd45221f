// Stumbleable's tables, shared: the domain queries that several job types, the API or the
// reconciler use. A query only one job type uses lives in that type's folder instead.
export { type ContentMetrics, createContentMetrics, type MetricsRefresh } from './content-metrics.ts';
export { type ClaimedDiscovery, type CrawlClaims, type CrawlOutcome, createCrawlClaims } from './crawl-claims.ts';
export {
  createRecipients,
  type Recipient,
  type RecipientPage,
  type Recipients,
  type ReviewedSubmission,
} from './recipients.ts';
export { createTrending, type TopDiscovery, TRENDING_WINDOWS, type Trending, type TrendingWindow } from './trending.ts';
