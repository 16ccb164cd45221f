-- Up Migration

-- What admins changed about a job type, by type name: today how long its finished jobs stay in
-- scheduled_jobs before cleanup_old_data archives them (completed and cancelled ones, and failed
-- ones, which may be kept longer). A type without a row keeps what its code declares; the row
-- is removed when an admin hands the type back to its code.
CREATE TABLE IF NOT EXISTS job_type_settings (
  job_type TEXT PRIMARY KEY,
  retention_days INTEGER NOT NULL CHECK (retention_days BETWEEN 1 AND 3650),
  failed_retention_days INTEGER NOT NULL CHECK (failed_retention_days BETWEEN 1 AND 3650),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  -- Who made the change: a users.id, 'service', or a Clerk user id.
  updated_by TEXT
);

-- The archive is listed and counted as the jobs are (GET /api/archive): per type and status in
-- created_at order, as idx_scheduled_jobs_type_status_created does for scheduled_jobs; the
-- count per type reads this index only.
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_archive_type_status_created
  ON scheduled_jobs_archive(job_type, status, created_at DESC);

-- Down Migration
DROP INDEX IF EXISTS idx_scheduled_jobs_archive_type_status_created;
DROP TABLE IF EXISTS job_type_settings;
