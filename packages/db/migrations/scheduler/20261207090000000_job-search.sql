-- Up Migration

-- Tags: a few short labels a trigger or a schedule attaches to a job (see packages/db
-- job-search.ts for the rules), copied from a schedule onto every run it creates.
ALTER TABLE scheduled_jobs ADD COLUMN IF NOT EXISTS tags TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE scheduled_jobs_archive ADD COLUMN IF NOT EXISTS tags TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE schedules ADD COLUMN IF NOT EXISTS tags TEXT[] NOT NULL DEFAULT '{}';

-- Error text is searched as a substring (ILIKE '%…%'), which only trigrams can index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Every status change of a job rewrites its row and adds an entry to each index whose predicate
-- it meets (the status index rules out HOT updates), so these indexes are partial: they hold only
-- the rows that can match. The search's conditions repeat each predicate (searchConditions) so
-- the planner can use them. Sizes and the lifecycle's cost with them: README, "Search".
--  * payload: containment (`@>`, also what a key path equal to a value becomes); jsonb_path_ops
--    is a third of jsonb_ops' size and answers `@>`, the only operator the search uses.
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_payload
  ON scheduled_jobs USING gin (payload jsonb_path_ops) WHERE payload <> '{}'::jsonb;
--  * tags: most jobs have none.
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_tags
  ON scheduled_jobs USING gin (tags) WHERE tags <> '{}';
--  * error: only failed and cancelled jobs (and retried attempts) have one.
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_error_trgm
  ON scheduled_jobs USING gin (error gin_trgm_ops) WHERE error IS NOT NULL;

-- The archive is searched with the same conditions; its rows never change once written.
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_archive_payload
  ON scheduled_jobs_archive USING gin (payload jsonb_path_ops) WHERE payload <> '{}'::jsonb;
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_archive_tags
  ON scheduled_jobs_archive USING gin (tags) WHERE tags <> '{}';
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_archive_error_trgm
  ON scheduled_jobs_archive USING gin (error gin_trgm_ops) WHERE error IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS idx_scheduled_jobs_archive_error_trgm;
DROP INDEX IF EXISTS idx_scheduled_jobs_archive_tags;
DROP INDEX IF EXISTS idx_scheduled_jobs_archive_payload;
DROP INDEX IF EXISTS idx_scheduled_jobs_error_trgm;
DROP INDEX IF EXISTS idx_scheduled_jobs_tags;
DROP INDEX IF EXISTS idx_scheduled_jobs_payload;
ALTER TABLE schedules DROP COLUMN IF EXISTS tags;
ALTER TABLE scheduled_jobs_archive DROP COLUMN IF EXISTS tags;
ALTER TABLE scheduled_jobs DROP COLUMN IF EXISTS tags;
