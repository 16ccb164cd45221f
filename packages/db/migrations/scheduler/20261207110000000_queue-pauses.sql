-- Up Migration

-- A job type's queue paused by an admin (or until a time). This row is the truth: BullMQ's own
-- paused flag lives in Redis, which may lose it, so every API and worker process applies these
-- rows to BullMQ when it starts and every second after. A row means paused; resuming deletes it
-- (the audit log keeps the history). `until` passed: the first process to notice resumes it.
CREATE TABLE IF NOT EXISTS queue_pauses (
  job_type TEXT PRIMARY KEY,
  paused_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- Who paused it: users.id, or 'service' (the service key, a dashboard session).
  paused_by TEXT NOT NULL,
  paused_by_clerk_id TEXT,
  -- Resumes by itself then; null: until someone resumes it.
  until TIMESTAMPTZ,
  reason TEXT CHECK (reason IS NULL OR length(reason) <= 500)
);

-- Down Migration
DROP TABLE IF EXISTS queue_pauses;
