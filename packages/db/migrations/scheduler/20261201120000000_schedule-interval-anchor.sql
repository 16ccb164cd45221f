-- Up Migration

-- The instant an interval schedule's slots count from: its runs fire at anchor + k × every_ms
-- (k ≥ 1), so the first run comes one interval after the schedule is created, enabled again or
-- given a new interval, and the preview can name every slot exactly. NULL for cron schedules.
ALTER TABLE schedules ADD COLUMN IF NOT EXISTS every_anchor_at TIMESTAMPTZ;
UPDATE schedules SET every_anchor_at = updated_at WHERE every_ms IS NOT NULL AND every_anchor_at IS NULL;

-- Down Migration

ALTER TABLE schedules DROP COLUMN IF EXISTS every_anchor_at;
