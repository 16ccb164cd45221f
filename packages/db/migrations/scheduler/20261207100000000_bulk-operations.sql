-- Up Migration

-- A bulk action (cancel, retry, delete) over many jobs, as one tracked operation: what was asked,
-- by whom, its progress and counts. The jobs it acts on are resolved once, when it is created,
-- into bulk_operation_jobs (a snapshot: jobs created later are not swept in), and worked through
-- in position order by one runner at a time (the `bulk-operations` watch lease); each job's
-- outcome is recorded with the counters in one statement, so a runner that dies resumes after
-- the last job it recorded and the counts always add up.
CREATE TABLE IF NOT EXISTS bulk_operations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  action TEXT NOT NULL CHECK (action IN ('cancel', 'retry', 'delete')),
  -- { "ids": [...] } or { "filter": {...} }, as the request gave it.
  selection JSONB NOT NULL,
  payload_patch JSONB,
  -- Who asked: the rate-limit principal (a person, a session or the service) and the actor columns of the audit log.
  principal TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_user_id TEXT,
  actor_clerk_id TEXT,
  -- A digest of action, selection and patch: the same request by the same principal while one runs is that one.
  request_key TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'aborted', 'failed')),
  matched INTEGER NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  refused_reasons JSONB NOT NULL DEFAULT '{}',
  failed INTEGER NOT NULL DEFAULT 0,
  -- Positions below this are recorded (the runner's resume point).
  cursor INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  aborted_by TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS bulk_operations_one_running
  ON bulk_operations (principal, request_key) WHERE state = 'running';
CREATE INDEX IF NOT EXISTS idx_bulk_operations_created ON bulk_operations (created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS bulk_operation_jobs (
  operation_id UUID NOT NULL REFERENCES bulk_operations(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  job_id UUID NOT NULL,
  -- null until acted on; then done, refused or failed, with the refusal's reason or the error.
  outcome TEXT CHECK (outcome IN ('done', 'refused', 'failed')),
  reason TEXT,
  -- What came of it: the retry's new job id.
  new_job_id UUID,
  PRIMARY KEY (operation_id, position)
);

-- Down Migration
DROP TABLE IF EXISTS bulk_operation_jobs;
DROP TABLE IF EXISTS bulk_operations;
