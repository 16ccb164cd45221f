-- Up Migration

-- started_by holds the internal users.id of the admin who acted (or 'service' / 'scheduler');
-- the Clerk id is kept beside it, since a Clerk user may have no users row yet.
ALTER TABLE scheduled_jobs ADD COLUMN IF NOT EXISTS started_by_clerk_id TEXT;

-- Down Migration
ALTER TABLE scheduled_jobs DROP COLUMN IF EXISTS started_by_clerk_id;
