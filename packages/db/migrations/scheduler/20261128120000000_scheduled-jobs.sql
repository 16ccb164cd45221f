-- Up Migration

-- The original service's table, column for column. IF NOT EXISTS: production already has it,
-- and its history is kept.
CREATE TABLE IF NOT EXISTS scheduled_jobs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  job_type TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  started_at TIMESTAMPTZ,
  completed_at TIMESTAMPTZ,
  started_by TEXT,
  error TEXT,
  result JSONB,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_status ON scheduled_jobs(status);
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_job_type ON scheduled_jobs(job_type);
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_started_by ON scheduled_jobs(started_by);
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_created_at ON scheduled_jobs(created_at DESC);

-- What the lifecycle adds.
ALTER TABLE scheduled_jobs
  ADD COLUMN IF NOT EXISTS payload JSONB NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN IF NOT EXISTS priority TEXT NOT NULL DEFAULT 'MEDIUM',
  ADD COLUMN IF NOT EXISTS attempts INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS max_attempts INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN IF NOT EXISTS progress JSONB,
  ADD COLUMN IF NOT EXISTS worker_id TEXT,
  ADD COLUMN IF NOT EXISTS schedule_name TEXT,
  ADD COLUMN IF NOT EXISTS retry_of UUID REFERENCES scheduled_jobs(id),
  ADD COLUMN IF NOT EXISTS idempotency_key TEXT,
  ADD COLUMN IF NOT EXISTS cancel_requested_at TIMESTAMPTZ;

-- Rows of the old service may say anything; only new and updated rows are checked.
ALTER TABLE scheduled_jobs
  ADD CONSTRAINT scheduled_jobs_status_check
  CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')) NOT VALID,
  ADD CONSTRAINT scheduled_jobs_priority_check
  CHECK (priority IN ('HIGH', 'MEDIUM', 'LOW')) NOT VALID;

-- Filtered, newest-first listings of the API.
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_type_created ON scheduled_jobs(job_type, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_status_created ON scheduled_jobs(status, created_at DESC);

-- Which discoveries a crawl job has claimed, and how often their crawl failed. Kept here,
-- not in `discoveries`, because that table belongs to the rest of Stumbleable.
CREATE TABLE IF NOT EXISTS discovery_crawl_state (
  discovery_id UUID PRIMARY KEY,
  claimed_by_job UUID,
  claimed_at TIMESTAMPTZ,
  failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  -- A run tries each item at most once: it skips items attempted since it started.
  last_attempt_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_discovery_crawl_state_claimed
  ON discovery_crawl_state(claimed_by_job) WHERE claimed_by_job IS NOT NULL;

-- Down Migration
DROP TABLE IF EXISTS discovery_crawl_state;
DROP INDEX IF EXISTS idx_scheduled_jobs_status_created;
DROP INDEX IF EXISTS idx_scheduled_jobs_type_created;
ALTER TABLE scheduled_jobs
  DROP CONSTRAINT IF EXISTS scheduled_jobs_priority_check,
  DROP CONSTRAINT IF EXISTS scheduled_jobs_status_check,
  DROP COLUMN IF EXISTS cancel_requested_at,
  DROP COLUMN IF EXISTS idempotency_key,
  DROP COLUMN IF EXISTS retry_of,
  DROP COLUMN IF EXISTS schedule_name,
  DROP COLUMN IF EXISTS worker_id,
  DROP COLUMN IF EXISTS progress,
  DROP COLUMN IF EXISTS max_attempts,
  DROP COLUMN IF EXISTS attempts,
  DROP COLUMN IF EXISTS priority,
  DROP COLUMN IF EXISTS payload;
