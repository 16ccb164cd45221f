-- Up Migration

-- Terminal jobs older than 90 days move here (cleanup_old_data), keeping scheduled_jobs small
-- and its listings fast. Same columns as scheduled_jobs at the time of this migration; a
-- migration that adds a column to scheduled_jobs adds it here too (archiving copies the
-- columns the two tables share).
CREATE TABLE IF NOT EXISTS scheduled_jobs_archive (LIKE scheduled_jobs INCLUDING DEFAULTS);
ALTER TABLE scheduled_jobs_archive ADD COLUMN IF NOT EXISTS archived_at TIMESTAMPTZ NOT NULL DEFAULT NOW();
DO $$ BEGIN
  ALTER TABLE scheduled_jobs_archive ADD PRIMARY KEY (id);
EXCEPTION WHEN invalid_table_definition THEN NULL; -- already has one
END $$;
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_archive_created ON scheduled_jobs_archive(created_at DESC);

-- A retry may outlive the job it retried, which is then archived: retry_of stays a plain id
-- that points into either table, not a foreign key that would block the archiving.
ALTER TABLE scheduled_jobs DROP CONSTRAINT IF EXISTS scheduled_jobs_retry_of_fkey;
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_retry_of ON scheduled_jobs(retry_of) WHERE retry_of IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS idx_scheduled_jobs_retry_of;
ALTER TABLE scheduled_jobs
  ADD CONSTRAINT scheduled_jobs_retry_of_fkey FOREIGN KEY (retry_of) REFERENCES scheduled_jobs(id) NOT VALID;
DROP TABLE IF EXISTS scheduled_jobs_archive;
