-- Up Migration

-- Schedules that never fail silently. What the code declares, what an admin overrode, what the
-- schedule does when slots are missed or runs overlap, a pause until a time, and the slot state
-- that lets every replica agree on which slots were run, skipped or missed.
ALTER TABLE schedules
  -- The job type's declared schedule as the code last said it (null: made by an admin, not declared).
  ADD COLUMN IF NOT EXISTS declared JSONB,
  -- An admin changed a declared field: the code's later changes no longer apply until a reset.
  ADD COLUMN IF NOT EXISTS overridden_at TIMESTAMPTZ,
  ADD COLUMN IF NOT EXISTS overridden_by TEXT,
  ADD COLUMN IF NOT EXISTS overridden_by_clerk_id TEXT,
  -- Slots nobody ran in time: skip them, run once for all of them, or catch up at most
  -- catch_up_max of those within catch_up_window_ms before now.
  ADD COLUMN IF NOT EXISTS missed_policy TEXT NOT NULL DEFAULT 'run_once'
    CHECK (missed_policy IN ('skip', 'run_once', 'catch_up')),
  ADD COLUMN IF NOT EXISTS catch_up_max INT CHECK (catch_up_max IS NULL OR catch_up_max BETWEEN 1 AND 100),
  ADD COLUMN IF NOT EXISTS catch_up_window_ms BIGINT CHECK (catch_up_window_ms IS NULL OR catch_up_window_ms >= 1000),
  -- A slot while the schedule's previous run is still going: skip it, queue one run after it,
  -- or cancel the running one and start the new one.
  ADD COLUMN IF NOT EXISTS overlap_policy TEXT NOT NULL DEFAULT 'skip'
    CHECK (overlap_policy IN ('skip', 'queue', 'cancel')),
  -- How late a slot's run may start before the slot counts as missed (null: from the period).
  ADD COLUMN IF NOT EXISTS grace_ms BIGINT CHECK (grace_ms IS NULL OR grace_ms >= 100),
  -- Paused until this time; slots up to it are neither run nor missed. Kept after it passes.
  ADD COLUMN IF NOT EXISTS paused_until TIMESTAMPTZ,
  ADD COLUMN IF NOT EXISTS paused_by TEXT,
  ADD COLUMN IF NOT EXISTS paused_at TIMESTAMPTZ,
  -- The newest slot settled (run, skipped or counted as missed): slots after it are open.
  ADD COLUMN IF NOT EXISTS last_slot_at TIMESTAMPTZ,
  -- Overlap 'queue' or 'cancel': the slot whose run starts when the running one has ended.
  ADD COLUMN IF NOT EXISTS queued_slot_at TIMESTAMPTZ;
-- Slots before the policies existed are history, not misses.
UPDATE schedules SET last_slot_at = now() WHERE last_slot_at IS NULL;

-- What each schedule missed and what was done about it ("missed 02:00–05:00 (3 slots): ran
-- once at 05:02").
CREATE TABLE IF NOT EXISTS schedule_misses (
  id BIGSERIAL PRIMARY KEY,
  schedule_name TEXT NOT NULL,
  first_slot_at TIMESTAMPTZ NOT NULL,
  last_slot_at TIMESTAMPTZ NOT NULL,
  slots INT NOT NULL CHECK (slots >= 1),
  policy TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('skipped', 'ran_once', 'caught_up')),
  run_ids UUID[] NOT NULL DEFAULT '{}',
  settled_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_schedule_misses_schedule ON schedule_misses(schedule_name, settled_at DESC);

-- Each worker process says every few seconds which queues it serves: "is anyone working this
-- queue?" for missed slots, alerts and the workers page.
CREATE TABLE IF NOT EXISTS worker_heartbeats (
  worker_id TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  pid INT NOT NULL,
  queues TEXT[] NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  seen_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  -- Set when the worker stops on purpose (a clean shutdown), so it is not mistaken for a lost one.
  stopped_at TIMESTAMPTZ
);

-- Down Migration
DROP TABLE IF EXISTS worker_heartbeats;
DROP TABLE IF EXISTS schedule_misses;
ALTER TABLE schedules
  DROP COLUMN IF EXISTS declared, DROP COLUMN IF EXISTS overridden_at, DROP COLUMN IF EXISTS overridden_by,
  DROP COLUMN IF EXISTS overridden_by_clerk_id, DROP COLUMN IF EXISTS missed_policy,
  DROP COLUMN IF EXISTS catch_up_max, DROP COLUMN IF EXISTS catch_up_window_ms, DROP COLUMN IF EXISTS overlap_policy,
  DROP COLUMN IF EXISTS grace_ms, DROP COLUMN IF EXISTS paused_until, DROP COLUMN IF EXISTS paused_by,
  DROP COLUMN IF EXISTS paused_at, DROP COLUMN IF EXISTS last_slot_at, DROP COLUMN IF EXISTS queued_slot_at;
