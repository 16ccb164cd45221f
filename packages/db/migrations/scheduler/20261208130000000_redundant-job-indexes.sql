-- Up Migration

-- Every status change of a job writes a new row version and an entry in every index of
-- scheduled_jobs (the status is indexed, so no update is HOT). Two of the original service's
-- indexes are the leading column of a wider one that answers every query they could:
-- (status) of (status, created_at DESC), (job_type) of (job_type, created_at DESC). Each job
-- paid for them three times (insert, start, completion). Measured: bench/lifecycle/README.md,
-- "Cost of the record".
DROP INDEX IF EXISTS idx_scheduled_jobs_status;
DROP INDEX IF EXISTS idx_scheduled_jobs_job_type;

-- Down Migration
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_job_type ON scheduled_jobs(job_type);
CREATE INDEX IF NOT EXISTS idx_scheduled_jobs_status ON scheduled_jobs(status);
