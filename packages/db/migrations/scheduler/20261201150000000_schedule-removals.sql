-- Up Migration

-- Schedules an admin removed. A built-in default that was removed is not put back by the next
-- start-up (which inserts the defaults that are missing) until someone asks for it: creating a
-- schedule of that name again, or restoring the defaults, deletes its row here.
CREATE TABLE IF NOT EXISTS schedule_removals (
  name TEXT PRIMARY KEY,
  job_type TEXT NOT NULL,
  removed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  removed_by TEXT NOT NULL,
  removed_by_clerk_id TEXT
);

-- The missed-run alert looks at the newest completed scheduled run of each schedule.
CREATE INDEX IF NOT EXISTS scheduled_jobs_schedule_runs_idx
  ON scheduled_jobs (schedule_name, created_at DESC) WHERE schedule_slot IS NOT NULL;

-- Down Migration

DROP INDEX IF EXISTS scheduled_jobs_schedule_runs_idx;
DROP TABLE IF EXISTS schedule_removals;
