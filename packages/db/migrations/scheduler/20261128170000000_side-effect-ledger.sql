-- Up Migration

-- One row per side effect that must happen once (an email), keyed by its idempotency key,
-- e.g. weekly_digest:<userId>:<isoWeek>. A run claims a key before it acts and confirms after;
-- see packages/db/src/side-effect-ledger.ts for when a claim may be taken over.
CREATE TABLE IF NOT EXISTS side_effect_ledger (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL,                -- e.g. 'email:weekly-trending'
  job_id UUID NOT NULL,              -- the run that holds or held the claim
  status TEXT NOT NULL CHECK (status IN ('claimed', 'done', 'failed', 'released')),
  tries INTEGER NOT NULL DEFAULT 1,  -- claims taken on this key; > 1 means a send was repeated
  claimed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  completed_at TIMESTAMPTZ,
  external_id TEXT,                  -- what the other service called it (emailId)
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS idx_side_effect_ledger_job ON side_effect_ledger(job_id);
CREATE INDEX IF NOT EXISTS idx_side_effect_ledger_claimed_at ON side_effect_ledger(claimed_at);

-- Down Migration
DROP TABLE IF EXISTS side_effect_ledger;
