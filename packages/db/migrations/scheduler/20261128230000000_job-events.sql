-- Up Migration

-- Every job's lifecycle as a stream (GET /api/events, /api/jobs/:id/events): written by
-- triggers in the same transaction as the change itself, so no event is lost or invented, and
-- numbered so that a client resumes after the last id it saw (Last-Event-ID).
CREATE TABLE IF NOT EXISTS job_events (
  id BIGSERIAL PRIMARY KEY,
  job_id UUID NOT NULL,
  job_type TEXT NOT NULL,
  kind TEXT NOT NULL,   -- created, started, progress, retried, completed, failed, cancelled, log
  data JSONB NOT NULL DEFAULT '{}'::jsonb,
  at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_job_events_job ON job_events(job_id, id);
CREATE INDEX IF NOT EXISTS idx_job_events_at ON job_events(at);

CREATE OR REPLACE FUNCTION scheduler_job_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind TEXT;
  data JSONB := '{}'::jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    kind := 'created';
    data := jsonb_build_object('priority', NEW.priority, 'retryOf', NEW.retry_of, 'scheduleName', NEW.schedule_name);
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    kind := CASE
      WHEN NEW.status = 'running' THEN 'started'
      WHEN NEW.status = 'pending' THEN 'retried'
      ELSE NEW.status END;
    data := jsonb_strip_nulls(jsonb_build_object('attempt', NEW.attempts, 'error', NEW.error, 'workerId', NEW.worker_id));
  ELSIF NEW.progress IS DISTINCT FROM OLD.progress AND NEW.status = 'running' THEN
    kind := 'progress';
    data := coalesce(NEW.progress, '{}'::jsonb);
  ELSE
    RETURN NULL;
  END IF;
  INSERT INTO job_events (job_id, job_type, kind, data) VALUES (NEW.id, NEW.job_type, kind, data);
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS scheduled_jobs_events ON scheduled_jobs;
CREATE TRIGGER scheduled_jobs_events AFTER INSERT OR UPDATE ON scheduled_jobs
  FOR EACH ROW EXECUTE FUNCTION scheduler_job_event();

CREATE OR REPLACE FUNCTION scheduler_job_log_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO job_events (job_id, job_type, kind, data)
  SELECT NEW.job_id, j.job_type, 'log',
         jsonb_strip_nulls(jsonb_build_object('logId', NEW.id::text, 'level', NEW.level, 'message', NEW.message, 'data', NEW.data))
  FROM scheduled_jobs j WHERE j.id = NEW.job_id;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS job_logs_events ON job_logs;
CREATE TRIGGER job_logs_events AFTER INSERT ON job_logs
  FOR EACH ROW EXECUTE FUNCTION scheduler_job_log_event();

-- Down Migration
DROP TRIGGER IF EXISTS job_logs_events ON job_logs;
DROP FUNCTION IF EXISTS scheduler_job_log_event();
DROP TRIGGER IF EXISTS scheduled_jobs_events ON scheduled_jobs;
DROP FUNCTION IF EXISTS scheduler_job_event();
DROP TABLE IF EXISTS job_events;
