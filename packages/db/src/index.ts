export { createSql, type Sql, type SqlOptions } from './client.ts';
export { ensureDatabaseExists } from './ensure-database.ts';
export { migrate, migrationsDir, type MigrationSet } from './migrate.ts';
export { createJobStore, type JobFilter, type JobStore, type NewJob } from './job-store.ts';
export {
  createCrawlClaims,
  type ClaimedDiscovery,
  type CrawlClaims,
  type CrawlOutcome,
} from './crawl-claims.ts';
export * from './types.ts';
