-- Up Migration

-- What the Workers page shows of each worker process, written by its heartbeat (one upsert every
-- few seconds): its version, each queue's concurrency, the slots busy now, the jobs it finished
-- since it started, its memory, and whether it drains.
ALTER TABLE worker_heartbeats
  ADD COLUMN IF NOT EXISTS version TEXT,
  ADD COLUMN IF NOT EXISTS concurrency JSONB NOT NULL DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS busy INT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS jobs_completed BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS jobs_failed BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS rss_bytes BIGINT,
  ADD COLUMN IF NOT EXISTS heap_used_bytes BIGINT,
  -- Asked to drain (by an admin, through the API): the worker reads it back with each beat, so a
  -- drain command it missed on Redis still reaches it. Cleared by a resume.
  ADD COLUMN IF NOT EXISTS drain_requested_at TIMESTAMPTZ,
  -- Set by the worker itself once it takes no new jobs.
  ADD COLUMN IF NOT EXISTS draining_since TIMESTAMPTZ;

-- Down Migration
ALTER TABLE worker_heartbeats
  DROP COLUMN IF EXISTS version, DROP COLUMN IF EXISTS concurrency, DROP COLUMN IF EXISTS busy,
  DROP COLUMN IF EXISTS jobs_completed, DROP COLUMN IF EXISTS jobs_failed, DROP COLUMN IF EXISTS rss_bytes,
  DROP COLUMN IF EXISTS heap_used_bytes, DROP COLUMN IF EXISTS drain_requested_at, DROP COLUMN IF EXISTS draining_since;
