-- Up Migration

-- GET /api/jobs?type=&status=: one index range in created_at order for the page and for the
-- (capped) count, instead of walking every job of the type to find the few with that status.
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_type_status_created
  ON scheduled_jobs(job_type, status, created_at DESC);

-- Down Migration
DROP INDEX IF EXISTS idx_scheduled_jobs_type_status_created;
