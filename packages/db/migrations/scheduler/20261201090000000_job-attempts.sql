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
-- No index beyond the key: a job's open attempt is found through (job_id, number), and closing it
-- then touches no indexed column, so Postgres updates it in place (HOT).

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

-- The lifecycle is now the only writer of a job's state, and writes each change's event in the
-- same statement as the change (set-based, one INSERT per batch), so the per-row trigger on
-- scheduled_jobs goes. Log lines keep theirs (job_logs_events).
DROP TRIGGER IF EXISTS scheduled_jobs_events ON scheduled_jobs;
DROP FUNCTION IF EXISTS scheduler_job_event();

-- Down Migration
-- (The events trigger of 20261128230000000 is not restored: run that migration's up again.)
DROP TABLE IF EXISTS job_attempts_archive;
DROP TABLE IF EXISTS job_attempts;
