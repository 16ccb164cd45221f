-- Up Migration

-- Reference copy of the Stumbleable tables the scheduler reads and writes
-- (as the running Stumbleable system has them). Local runs and tests only: production already has them,
-- and the scheduler must never create or alter them there.

CREATE TABLE IF NOT EXISTS users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clerk_user_id TEXT UNIQUE NOT NULL,
  email TEXT,
  full_name TEXT,
  username TEXT,
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'moderator', 'admin', 'super_admin')),
  deleted_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS email_preferences (
  user_id UUID PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  welcome_email BOOLEAN NOT NULL DEFAULT TRUE,
  weekly_trending BOOLEAN NOT NULL DEFAULT FALSE,
  weekly_new BOOLEAN NOT NULL DEFAULT FALSE,
  saved_digest BOOLEAN NOT NULL DEFAULT FALSE,
  submission_updates BOOLEAN NOT NULL DEFAULT TRUE,
  re_engagement BOOLEAN NOT NULL DEFAULT FALSE,
  account_notifications BOOLEAN NOT NULL DEFAULT TRUE,
  unsubscribed_all BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS discoveries (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  url TEXT UNIQUE NOT NULL,
  title TEXT,
  description TEXT,
  domain TEXT,
  image_url TEXT,
  topics TEXT[] NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  deleted_at TIMESTAMPTZ,
  crawl_status TEXT NOT NULL DEFAULT 'pending'
    CHECK (crawl_status IN ('pending', 'crawling', 'crawled', 'failed')),
  crawled_at TIMESTAMPTZ,
  view_count INTEGER NOT NULL DEFAULT 0,
  like_count INTEGER NOT NULL DEFAULT 0,
  save_count INTEGER NOT NULL DEFAULT 0,
  share_count INTEGER NOT NULL DEFAULT 0,
  trending_score NUMERIC NOT NULL DEFAULT 0,
  submitted_by UUID REFERENCES users(id),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  approved_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS idx_discoveries_crawl_status ON discoveries(crawl_status, created_at);

CREATE TABLE IF NOT EXISTS user_interactions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES users(id),
  discovery_id UUID REFERENCES discoveries(id),
  type TEXT NOT NULL CHECK (type IN ('like', 'skip', 'save', 'share', 'view')),
  time_spent_seconds INTEGER,
  metadata JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_user_interactions_created_at ON user_interactions(created_at);
CREATE INDEX IF NOT EXISTS idx_user_interactions_discovery ON user_interactions(discovery_id, type);

CREATE TABLE IF NOT EXISTS content_metrics (
  discovery_id UUID PRIMARY KEY REFERENCES discoveries(id) ON DELETE CASCADE,
  views_count INTEGER NOT NULL DEFAULT 0,
  likes_count INTEGER NOT NULL DEFAULT 0,
  saves_count INTEGER NOT NULL DEFAULT 0,
  shares_count INTEGER NOT NULL DEFAULT 0,
  skip_count INTEGER NOT NULL DEFAULT 0,
  engagement_rate NUMERIC NOT NULL DEFAULT 0,
  last_updated TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS trending_content (
  discovery_id UUID NOT NULL REFERENCES discoveries(id) ON DELETE CASCADE,
  time_window TEXT NOT NULL CHECK (time_window IN ('1h', '24h', '7d')),
  interaction_count INTEGER NOT NULL DEFAULT 0,
  like_count INTEGER NOT NULL DEFAULT 0,
  share_count INTEGER NOT NULL DEFAULT 0,
  save_count INTEGER NOT NULL DEFAULT 0,
  trending_score NUMERIC NOT NULL DEFAULT 0,
  calculated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (discovery_id, time_window)
);

CREATE TABLE IF NOT EXISTS moderation_queue (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  discovery_id UUID REFERENCES discoveries(id),
  title TEXT,
  url TEXT,
  domain TEXT,
  submitted_by UUID REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  reviewed_by UUID REFERENCES users(id),
  reviewed_at TIMESTAMPTZ,
  review_notes TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS content_reports (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  discovery_id UUID REFERENCES discoveries(id),
  reported_by UUID REFERENCES users(id),
  reason TEXT,
  description TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'resolved', 'dismissed')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- Down Migration
DROP TABLE IF EXISTS content_reports;
DROP TABLE IF EXISTS moderation_queue;
DROP TABLE IF EXISTS trending_content;
DROP TABLE IF EXISTS content_metrics;
DROP TABLE IF EXISTS user_interactions;
DROP TABLE IF EXISTS discoveries;
DROP TABLE IF EXISTS email_preferences;
DROP TABLE IF EXISTS users;
