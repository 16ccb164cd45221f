-- Up Migration

-- Overlap guard: a job type that must not run twice at once gives its jobs an overlap_key (the
-- type's name); at most one unfinished job holds each key, across every API replica.
ALTER TABLE scheduled_jobs ADD COLUMN IF NOT EXISTS overlap_key TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS idx_scheduled_jobs_one_active
  ON scheduled_jobs(overlap_key) WHERE overlap_key IS NOT NULL AND status IN ('pending', 'running');
ALTER TABLE scheduled_jobs_archive ADD COLUMN IF NOT EXISTS overlap_key TEXT;

-- Cancellation of running jobs: workers look for requests on the jobs they run.
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_cancel_requested
  ON scheduled_jobs(worker_id) WHERE status = 'running' AND cancel_requested_at IS NOT NULL;

-- Idempotency-Key on POST /api/jobs/trigger: the first answer, replayed for 24 hours.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  principal TEXT NOT NULL,          -- whose key: 'service' or users.id / Clerk id
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,       -- the request the key was first used with
  status_code INTEGER,              -- NULL while the first request is still being answered
  response JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (principal, key)
);
CREATE INDEX IF NOT EXISTS idx_idempotency_keys_created ON idempotency_keys(created_at);

-- Down Migration
DROP TABLE IF EXISTS idempotency_keys;
DROP INDEX IF EXISTS idx_scheduled_jobs_cancel_requested;
ALTER TABLE scheduled_jobs_archive DROP COLUMN IF EXISTS overlap_key;
DROP INDEX IF EXISTS idx_scheduled_jobs_one_active;
ALTER TABLE scheduled_jobs DROP COLUMN IF EXISTS overlap_key;
