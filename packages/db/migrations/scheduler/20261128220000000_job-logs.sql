-- Up Migration

-- What handlers log through their context (ctx.log), kept with the job: paged by
-- GET /api/jobs/:id/logs. Written in batches by the workers.
CREATE TABLE IF NOT EXISTS job_logs (
  id BIGSERIAL PRIMARY KEY,
  job_id UUID NOT NULL,
  at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
  message TEXT NOT NULL,
  data JSONB
);
CREATE INDEX IF NOT EXISTS idx_job_logs_job ON job_logs(job_id, id);
CREATE INDEX IF NOT EXISTS idx_job_logs_at ON job_logs(at);

-- Down Migration
DROP TABLE IF EXISTS job_logs;
