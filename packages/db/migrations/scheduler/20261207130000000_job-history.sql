-- Up Migration

-- What each job type did, per minute and per hour: jobs finished (completed, failed, cancelled)
-- and how long the completed ones ran, for the history charts. Written by the lifecycle in the
-- same statement that moves a job to its end (so each finished job is counted once, or not at
-- all when that statement rolls back), never computed from scheduled_jobs when read.
--
-- `durations` is a histogram: element i (1-based) counts completed runs (dry runs left out) of
-- 2^((i-1)/4) ms up to 2^(i/4) ms, four buckets per doubling, the first also taking anything
-- under 1 ms and the last anything longer. It ends at its last non-empty bucket. A percentile
-- read from it is within 9% of the true one (half a bucket).
--
-- The lifecycle only inserts: a row per type for each statement that ends jobs of it, so
-- concurrent settles (many workers, many replicas) never wait on each other's row locks, as
-- they would to add into one row per minute. The worker merges each past minute's rows into
-- one (JobHistory.fold, with every reconciler pass); readers add up what is there.
CREATE TABLE IF NOT EXISTS job_history_minutes (
  minute TIMESTAMPTZ NOT NULL,
  job_type TEXT NOT NULL,
  completed INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  durations INTEGER[] NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS idx_job_history_minutes ON job_history_minutes (minute, job_type);

-- Minutes older than 48 hours are folded into their hour and deleted (the worker does it); an
-- hour is kept 35 days.
CREATE TABLE IF NOT EXISTS job_history_hours (
  hour TIMESTAMPTZ NOT NULL,
  job_type TEXT NOT NULL,
  completed INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  durations INTEGER[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (hour, job_type)
);

-- Two histograms added bucket by bucket (the shorter one padded with zeros).
CREATE OR REPLACE FUNCTION job_history_add(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i), '{}')
  FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i)
$$;

-- The histogram of a list of bucket numbers (0-based): how many of each, up to the largest.
CREATE OR REPLACE FUNCTION job_history_counts(buckets INTEGER[]) RETURNS INTEGER[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(coalesce(g.n, 0) ORDER BY b), '{}')
  FROM generate_series(0, (SELECT max(x) FROM unnest(buckets) AS x)) AS b
  LEFT JOIN (SELECT x, count(*)::int AS n FROM unnest(buckets) AS x GROUP BY x) AS g ON g.x = b
$$;

-- Down Migration
DROP FUNCTION IF EXISTS job_history_counts(INTEGER[]);
DROP FUNCTION IF EXISTS job_history_add(INTEGER[], INTEGER[]);
DROP TABLE IF EXISTS job_history_hours;
DROP TABLE IF EXISTS job_history_minutes;
