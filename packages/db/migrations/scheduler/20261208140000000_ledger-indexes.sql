-- Up Migration

-- Every claim inserted a ledger row into three btrees: the key, job_id and claimed_at. Nothing
-- reads the ledger by job_id (a release finds its keys by key, then checks the job), so that
-- index only cost a write per email. The retention job's "settled and claimed before the
-- cutoff" scan is served by a BRIN index on claimed_at instead: rows arrive in claimed_at order,
-- and a BRIN index summarises ranges of pages rather than taking an entry per row, so a claim
-- costs one btree insert (the key) instead of three. Confirmations stay HOT updates (fillfactor
-- 50, no confirmed column indexed).
DROP INDEX IF EXISTS idx_side_effect_ledger_job;
DROP INDEX IF EXISTS idx_side_effect_ledger_claimed_at;
CREATE INDEX IF NOT EXISTS idx_side_effect_ledger_claimed_at_brin ON side_effect_ledger
  USING brin (claimed_at) WITH (autosummarize = on);

-- Down Migration

DROP INDEX IF EXISTS idx_side_effect_ledger_claimed_at_brin;
CREATE INDEX IF NOT EXISTS idx_side_effect_ledger_claimed_at ON side_effect_ledger(claimed_at);
CREATE INDEX IF NOT EXISTS idx_side_effect_ledger_job ON side_effect_ledger(job_id);
