-- Up Migration

-- Recurring schedules: the source of truth that every replica mirrors into BullMQ job
-- schedulers. Defaults are inserted once by the service (ON CONFLICT DO NOTHING), so an
-- admin's edit is never overwritten by a deploy.
CREATE TABLE IF NOT EXISTS schedules (
  name TEXT PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  job_type TEXT NOT NULL,
  cron TEXT,                          -- a cron pattern (5 or 6 fields), or
  every_ms BIGINT CHECK (every_ms IS NULL OR every_ms >= 1000),  -- a fixed interval
  timezone TEXT NOT NULL DEFAULT 'UTC',
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  payload JSONB NOT NULL DEFAULT '{}'::jsonb,
  priority TEXT CHECK (priority IN ('HIGH', 'MEDIUM', 'LOW')),  -- NULL: the job type's default
  description TEXT,
  updated_by TEXT NOT NULL DEFAULT 'system',   -- users.id, 'service', or 'system' for a default
  updated_by_clerk_id TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CHECK ((cron IS NULL) <> (every_ms IS NULL))
);

-- The BullMQ job id of the schedule slot that created a run: one run per slot, however often
-- the slot's tick is delivered (a stalled tick is delivered again).
ALTER TABLE scheduled_jobs ADD COLUMN IF NOT EXISTS schedule_slot TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS idx_scheduled_jobs_schedule_slot
  ON scheduled_jobs(schedule_slot) WHERE schedule_slot IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_schedule_created
  ON scheduled_jobs(schedule_name, created_at DESC) WHERE schedule_name IS NOT NULL;
ALTER TABLE scheduled_jobs_archive ADD COLUMN IF NOT EXISTS schedule_slot TEXT;

-- Down Migration
ALTER TABLE scheduled_jobs_archive DROP COLUMN IF EXISTS schedule_slot;
DROP INDEX IF EXISTS idx_scheduled_jobs_schedule_created;
DROP INDEX IF EXISTS idx_scheduled_jobs_schedule_slot;
ALTER TABLE scheduled_jobs DROP COLUMN IF EXISTS schedule_slot;
DROP TABLE IF EXISTS schedules;
