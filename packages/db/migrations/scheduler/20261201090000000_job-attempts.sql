-- Up Migration

-- Every attempt of a job on record: who ran it, when, how it ended, and why it started (the
-- first run, a retry after a failure, recovered after its worker stalled, or queued again after
-- Redis lost it). Written only by the lifecycle's transitions, in the same statement as the
-- job's own change, so scheduled_jobs.attempts always equals the rows here.
CREATE TABLE IF NOT EXISTS job_attempts (
  job_id UUID NOT NULL,
  number INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('first', 'retry', 'stalled', 'requeued')),
  worker_id TEXT,
  started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  ended_at TIMESTAMPTZ,
  outcome TEXT CHECK (outcome IN ('completed', 'failed', 'cancelled', 'stalled', 'lost')),
  error TEXT,
  PRIMARY KEY (job_id, number)
);
-- Open attempts of a job are closed by its next transition.
CREATE INDEX IF NOT EXISTS idx_job_attempts_open ON job_attempts(job_id) WHERE ended_at IS NULL;

-- The attempts of archived jobs go with them (cleanup_old_data).
CREATE TABLE IF NOT EXISTS job_attempts_archive (LIKE job_attempts INCLUDING DEFAULTS);

-- Rows written before this table existed: one attempt each, as far as they got.
INSERT INTO job_attempts (job_id, number, reason, worker_id, started_at, ended_at, outcome, error)
SELECT j.id, n, CASE WHEN n = 1 THEN 'first' ELSE 'retry' END, j.worker_id,
       coalesce(j.started_at, j.created_at),
       CASE WHEN n < j.attempts OR j.status IN ('completed', 'failed', 'cancelled') THEN coalesce(j.completed_at, j.updated_at) END,
       CASE WHEN n < j.attempts THEN 'failed'
            WHEN j.status IN ('completed', 'failed', 'cancelled') THEN j.status END,
       CASE WHEN n = j.attempts THEN j.error END
FROM scheduled_jobs j, generate_series(1, j.attempts) AS n
ON CONFLICT DO NOTHING;

-- The `started` event now comes from the attempt (a second attempt of a running job is not a
-- status change), and a cancel request is an event of its own.
CREATE OR REPLACE FUNCTION scheduler_job_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind TEXT;
  data JSONB := '{}'::jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    kind := 'created';
    data := jsonb_build_object('priority', NEW.priority, 'retryOf', NEW.retry_of, 'scheduleName', NEW.schedule_name);
  ELSIF NEW.status IS DISTINCT FROM OLD.status AND NEW.status <> 'running' THEN
    kind := CASE WHEN NEW.status = 'pending' THEN 'retried' ELSE NEW.status END;
    data := jsonb_strip_nulls(jsonb_build_object('attempt', NEW.attempts, 'error', NEW.error, 'workerId', NEW.worker_id));
  ELSIF NEW.cancel_requested_at IS NOT NULL AND OLD.cancel_requested_at IS NULL THEN
    kind := 'cancel_requested';
    data := jsonb_build_object('attempt', NEW.attempts, 'workerId', NEW.worker_id);
  ELSIF NEW.progress IS DISTINCT FROM OLD.progress AND NEW.status = 'running' THEN
    kind := 'progress';
    data := coalesce(NEW.progress, '{}'::jsonb);
  ELSE
    RETURN NULL;
  END IF;
  INSERT INTO job_events (job_id, job_type, kind, data) VALUES (NEW.id, NEW.job_type, kind, data);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION scheduler_job_attempt_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO job_events (job_id, job_type, kind, data)
  SELECT NEW.job_id, j.job_type, 'started',
         jsonb_strip_nulls(jsonb_build_object('attempt', NEW.number, 'reason', NEW.reason, 'workerId', NEW.worker_id))
  FROM scheduled_jobs j WHERE j.id = NEW.job_id;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS job_attempts_events ON job_attempts;
CREATE TRIGGER job_attempts_events AFTER INSERT ON job_attempts
  FOR EACH ROW EXECUTE FUNCTION scheduler_job_attempt_event();

-- Down Migration
DROP TRIGGER IF EXISTS job_attempts_events ON job_attempts;
DROP FUNCTION IF EXISTS scheduler_job_attempt_event();
DROP TABLE IF EXISTS job_attempts_archive;
DROP TABLE IF EXISTS job_attempts;
