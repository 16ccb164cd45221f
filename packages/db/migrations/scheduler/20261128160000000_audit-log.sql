-- Up Migration

-- Who did what through the API, and how it ended. Written after each mutating request.
CREATE TABLE IF NOT EXISTS scheduler_audit_log (
  id BIGSERIAL PRIMARY KEY,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  actor_kind TEXT NOT NULL,          -- 'user' or 'service'
  actor_user_id TEXT,                -- users.id, or 'service'
  actor_clerk_id TEXT,
  actor_role TEXT,
  action TEXT NOT NULL,              -- e.g. 'job.trigger'
  target TEXT,                       -- e.g. the job id
  details JSONB NOT NULL DEFAULT '{}'::jsonb,
  status_code INTEGER NOT NULL,
  outcome TEXT NOT NULL,             -- 'succeeded', 'rejected' (4xx) or 'failed' (5xx)
  client_ip TEXT,
  request_id TEXT
);
CREATE INDEX IF NOT EXISTS idx_scheduler_audit_log_time ON scheduler_audit_log(occurred_at DESC);
CREATE INDEX IF NOT EXISTS idx_scheduler_audit_log_action ON scheduler_audit_log(action, occurred_at DESC);
CREATE INDEX IF NOT EXISTS idx_scheduler_audit_log_clerk ON scheduler_audit_log(actor_clerk_id, occurred_at DESC);
CREATE INDEX IF NOT EXISTS idx_scheduler_audit_log_user ON scheduler_audit_log(actor_user_id, occurred_at DESC);

-- Down Migration
DROP TABLE IF EXISTS scheduler_audit_log;
