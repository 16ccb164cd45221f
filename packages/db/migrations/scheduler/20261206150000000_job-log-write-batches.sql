-- Up Migration

-- Each batch of job log lines carries the key its writer gave it. When Postgres is lost after it
-- committed a batch but before the writer heard so, the writer looks the key up before writing
-- the batch again: a line is kept once, not twice. Looked up by job_id (indexed), so no index
-- of its own.
ALTER TABLE job_logs ADD COLUMN IF NOT EXISTS write_batch UUID;

-- Down Migration
ALTER TABLE job_logs DROP COLUMN IF EXISTS write_batch;
