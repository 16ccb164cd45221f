-- Up Migration

-- Dashboard sessions of people who signed in with the service key. The cookie is a signed
-- token naming one of these rows; the row is what makes it count, so deleting it (sign-out,
-- "sign out everywhere") ends the session at once on every replica. ends_at is the absolute
-- end: renewing the cookie never moves it.
CREATE TABLE IF NOT EXISTS dashboard_sessions (
  id UUID PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  ends_at TIMESTAMPTZ NOT NULL
);
-- Sign-in sweeps ended rows away.
CREATE INDEX IF NOT EXISTS idx_dashboard_sessions_ends_at ON dashboard_sessions(ends_at);

-- Down Migration
DROP TABLE IF EXISTS dashboard_sessions;
