-- Up Migration

-- A catch-up runs its missed slots one after another, not all at once (a type that runs one at a
-- time could not take them together, and no schedule's runs should pile up): the slots still to
-- run, oldest first, and the settling (schedule_misses row) whose runs they become.
ALTER TABLE schedules
  ADD COLUMN IF NOT EXISTS catch_up_slots TIMESTAMPTZ[] NOT NULL DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS catch_up_miss_id BIGINT;

-- Down Migration
ALTER TABLE schedules DROP COLUMN IF EXISTS catch_up_slots, DROP COLUMN IF EXISTS catch_up_miss_id;
