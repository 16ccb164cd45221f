-- Up Migration

-- Alerts that reach a person: rules say what to watch, channels where to say it, alerts are what
-- fired (one open per rule and subject), silences hold notifications back until a time, and the
-- notification outbox holds one delivery per alert state change per channel until it is sent.

-- Where alerts go: a signed webhook or an email address (through email-service).
CREATE TABLE IF NOT EXISTS alert_channels (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  kind TEXT NOT NULL CHECK (kind IN ('webhook', 'email')),
  name TEXT NOT NULL UNIQUE,
  url TEXT,
  email TEXT,
  -- The webhook's signing secret (HMAC-SHA256). Read only to sign a delivery; never answered
  -- after the channel's creation, never logged.
  secret TEXT,
  -- Rules without channels of their own notify every default channel.
  is_default BOOLEAN NOT NULL DEFAULT FALSE,
  -- Set for a channel that a setting defines (ALERT_WEBHOOK_URL, ALERT_EMAIL): kept in step
  -- with the setting at each start.
  setting TEXT UNIQUE,
  created_by TEXT NOT NULL DEFAULT 'system',
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CHECK ((kind = 'webhook' AND url IS NOT NULL AND email IS NULL) OR (kind = 'email' AND email IS NOT NULL AND url IS NULL))
);

-- What to watch. subject_kind 'any' watches every subject of the rule's kind (every job type,
-- every schedule, every queue); otherwise subject_name names one.
CREATE TABLE IF NOT EXISTS alert_rules (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  kind TEXT NOT NULL CHECK (kind IN ('final_failure', 'missed_slot', 'long_run', 'no_success', 'backlog_age', 'no_worker')),
  name TEXT NOT NULL,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('job_type', 'schedule', 'queue', 'any')),
  subject_name TEXT,
  params JSONB NOT NULL DEFAULT '{}'::jsonb,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  -- Null: the default channels (alert_channels.is_default).
  channel_ids UUID[],
  -- The built-in rule's key (one per kind); null for a rule an admin made. Built-in rules can be
  -- edited and disabled, not deleted.
  built_in TEXT UNIQUE,
  updated_by TEXT NOT NULL DEFAULT 'system',
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CHECK ((subject_kind = 'any') = (subject_name IS NULL))
);

-- The defaults that make sense out of the box (see README, "Alerts").
INSERT INTO alert_rules (kind, name, subject_kind, params, built_in) VALUES
  ('final_failure', 'A job failed its last attempt', 'any', '{}', 'final_failure'),
  ('missed_slot', 'A schedule''s run did not start in time', 'any', '{}', 'missed_slot'),
  ('long_run', 'A run takes far longer than usual', 'any', '{"factor": 3, "minMs": 300000}', 'long_run'),
  ('no_success', 'A schedule has not succeeded for two periods', 'any', '{"windowMs": null}', 'no_success'),
  ('backlog_age', 'Jobs wait too long for a worker', 'any', '{"maxAgeMs": 900000}', 'backlog_age'),
  ('no_worker', 'No worker serves a queue', 'any', '{"afterMs": 120000}', 'no_worker')
ON CONFLICT (built_in) DO NOTHING;

-- What fired. One open alert per rule and subject: a hundred failing jobs of one type keep one
-- alert open (its details count them) instead of opening a hundred.
CREATE TABLE IF NOT EXISTS alerts (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  rule_id UUID NOT NULL,
  kind TEXT NOT NULL,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('job_type', 'schedule', 'queue')),
  subject_name TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
  summary TEXT NOT NULL,
  details JSONB NOT NULL DEFAULT '{}'::jsonb,
  opened_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  resolved_at TIMESTAMPTZ,
  resolution TEXT,
  silenced_until TIMESTAMPTZ,
  silenced_by TEXT,
  CHECK ((state = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_alerts_one_open ON alerts(rule_id, subject_kind, subject_name) WHERE state = 'open';
CREATE INDEX IF NOT EXISTS idx_alerts_opened ON alerts(opened_at DESC, id DESC);

-- "Quiet until": no notification for this rule and subject until a time, whether the alert is
-- open now or opens again meanwhile. Alerts still open, resolve and stay in the history.
CREATE TABLE IF NOT EXISTS alert_silences (
  rule_id UUID NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  until TIMESTAMPTZ NOT NULL,
  created_by TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (rule_id, subject_kind, subject_name)
);

-- The outbox: one delivery per alert state change per channel, written in the transaction that
-- changed the alert, so a restart neither loses a notification (it is still here, undelivered)
-- nor repeats one (delivered_at is set).
CREATE TABLE IF NOT EXISTS alert_notifications (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id UUID NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  channel_id UUID NOT NULL REFERENCES alert_channels(id) ON DELETE CASCADE,
  transition TEXT NOT NULL CHECK (transition IN ('opened', 'resolved')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  delivered_at TIMESTAMPTZ,
  -- Set when the attempts ran out.
  gave_up_at TIMESTAMPTZ,
  last_status INT,
  last_error TEXT,
  UNIQUE (alert_id, channel_id, transition)
);
CREATE INDEX IF NOT EXISTS idx_alert_notifications_due
  ON alert_notifications(next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL;

-- Passes that one replica at a time runs (the alert evaluator): whoever holds the lease runs
-- them; a holder that dies stops renewing and another replica takes over at expiry.
CREATE TABLE IF NOT EXISTS watch_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  acquired_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  expires_at TIMESTAMPTZ NOT NULL
);

-- Down Migration
DROP TABLE IF EXISTS watch_leases;
DROP TABLE IF EXISTS alert_notifications;
DROP TABLE IF EXISTS alert_silences;
DROP TABLE IF EXISTS alerts;
DROP TABLE IF EXISTS alert_rules;
DROP TABLE IF EXISTS alert_channels;
