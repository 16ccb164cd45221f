import type { Sql } from '@scheduler/db';

export interface SeedOptions {
  users: number;
  discoveries: number;
  /** Spread over three years, most of them recent (as engagement is). */
  interactions: number;
  moderationItems: number;
  reports: number;
  /** Share of users who never saved preferences (no row: no marketing email). */
  withoutPreferencesShare: number;
  /** Share of the others who said yes to weekly_trending. */
  optInShare: number;
  /** Shares of users deleted, unsubscribed from everything, and without an email address. */
  deletedShare: number;
  unsubscribedShare: number;
  noEmailShare: number;
  /** Same seed, same data (Postgres' setseed). */
  randomSeed: number;
}

export const SEED_SIZES = {
  small: { users: 200, discoveries: 500, interactions: 5_000, moderationItems: 100, reports: 30 },
  medium: { users: 10_000, discoveries: 20_000, interactions: 300_000, moderationItems: 2_000, reports: 500 },
  large: { users: 100_000, discoveries: 100_000, interactions: 3_000_000, moderationItems: 10_000, reports: 3_000 },
} as const;

export const defaultSeedOptions = (): SeedOptions => ({
  ...SEED_SIZES.small,
  withoutPreferencesShare: 0.1,
  optInShare: 0.6,
  deletedShare: 0.02,
  unsubscribedShare: 0.03,
  noEmailShare: 0.01,
  randomSeed: 0.42,
});

export interface SeedSummary {
  users: number;
  weeklyDigestRecipients: number;
  discoveries: number;
  interactions: number;
  moderationItems: number;
  reports: number;
  durationMs: number;
}

/**
 * Fills the Stumbleable reference tables with generated data that looks like the real thing:
 * users with and without preferences (opted in, opted out, unsubscribed, deleted, without an
 * address, a few moderators and admins), discoveries of every status and age, three years of
 * interactions skewed to recent days and popular items, moderation items and reports.
 * Set-based SQL in one transaction: 100,000 users take seconds. Local databases only.
 */
export async function seedReferenceData(sql: Sql, overrides: Partial<SeedOptions> = {}): Promise<SeedSummary> {
  const o = { ...defaultSeedOptions(), ...overrides };
  const startedAt = Date.now();
  return sql.begin(async (tx) => {
    await tx`SELECT setseed(${o.randomSeed})`;
    await tx`
      CREATE TEMP TABLE seed_users ON COMMIT DROP AS
      WITH made AS (
        INSERT INTO users (clerk_user_id, email, full_name, username, role, deleted_at, created_at)
        SELECT 'seed_user_' || g,
               CASE WHEN random() < ${o.noEmailShare} THEN NULL ELSE 'reader' || g || '@example.test' END,
               (ARRAY['Ada','Grace','Alan','Edsger','Barbara','Ken','Margaret','Linus','Radia','Donald'])[1 + g % 10]
                 || ' ' || (ARRAY['Lovelace','Hopper','Turing','Dijkstra','Liskov','Thompson','Hamilton','Torvalds','Perlman','Knuth'])[1 + (g / 10) % 10],
               'reader' || g,
               CASE WHEN g % 2000 = 0 THEN 'admin' WHEN g % 500 = 0 THEN 'moderator' ELSE 'user' END,
               CASE WHEN random() < ${o.deletedShare} THEN now() - random() * interval '300 days' END,
               now() - random() * interval '1095 days'
        FROM generate_series(1, ${o.users}) g
        RETURNING id)
      SELECT row_number() OVER () AS n, id FROM made`;
    await tx`CREATE INDEX ON seed_users (n)`;
    // Users who never saved preferences get no marketing email.
    await tx`
      INSERT INTO email_preferences (user_id, weekly_trending, weekly_new, submission_updates, unsubscribed_all)
      SELECT id, random() < ${o.optInShare}, random() < 0.3, random() < 0.9, random() < ${o.unsubscribedShare}
      FROM seed_users
      WHERE random() >= ${o.withoutPreferencesShare}`;

    await tx`
      CREATE TEMP TABLE seed_discoveries ON COMMIT DROP AS
      WITH made AS (
        INSERT INTO discoveries (url, title, description, domain, image_url, topics, status, deleted_at,
                                 crawl_status, crawled_at, submitted_by, created_at, approved_at)
        SELECT 'https://' || d.domain || '/' || d.topic || '/story-' || g,
               initcap(d.topic) || ' story ' || g,
               CASE WHEN g % 4 = 0 THEN NULL ELSE 'A generated ' || d.topic || ' story from ' || d.domain END,
               d.domain,
               CASE WHEN g % 3 = 0 THEN 'https://' || d.domain || '/img/' || g || '.jpg' END,
               ARRAY[d.topic, (ARRAY['culture','design','history','ideas'])[1 + g % 4]],
               d.status,
               CASE WHEN random() < 0.01 THEN now() - random() * interval '100 days' END,
               CASE WHEN d.status = 'pending' THEN 'pending' WHEN random() < 0.03 THEN 'failed' ELSE 'crawled' END,
               CASE WHEN d.status <> 'pending' THEN d.created_at + interval '1 hour' END,
               (SELECT id FROM seed_users WHERE n = 1 + (g * 7919) % ${o.users}),
               d.created_at,
               CASE WHEN d.status = 'approved' THEN d.created_at + interval '1 day' END
        FROM generate_series(1, ${o.discoveries}) g
        CROSS JOIN LATERAL (
          SELECT (ARRAY['example.org','example.com','example.net','blog.example','news.example'])[1 + g % 5] AS domain,
                 (ARRAY['science','music','art','travel','food','tech','nature','books'])[1 + g % 8] AS topic,
                 CASE WHEN random() < 0.8 THEN 'approved' WHEN random() < 0.5 THEN 'pending' ELSE 'rejected' END AS status,
                 now() - random() * interval '1095 days' AS created_at
        ) d
        RETURNING id)
      SELECT row_number() OVER () AS n, id FROM made`;
    await tx`CREATE INDEX ON seed_discoveries (n)`;

    // Recent days and popular items dominate, as in real engagement.
    await tx`
      INSERT INTO user_interactions (user_id, discovery_id, type, time_spent_seconds, created_at)
      SELECT su.id, sd.id, r.type, CASE WHEN r.type = 'view' THEN 5 + (random() * 300)::int END, r.at
      FROM generate_series(1, ${o.interactions}) g
      CROSS JOIN LATERAL (
        SELECT 1 + floor(random() * ${o.users})::int AS un,
               1 + floor(power(random(), 3) * ${o.discoveries})::int AS dn,
               CASE WHEN x < 0.60 THEN 'view' WHEN x < 0.75 THEN 'like' WHEN x < 0.90 THEN 'skip'
                    WHEN x < 0.96 THEN 'save' ELSE 'share' END AS type,
               now() - power(random(), 4) * interval '1095 days' AS at
        FROM (SELECT random() + g * 0 AS x) pick
      ) r
      JOIN seed_users su ON su.n = r.un
      JOIN seed_discoveries sd ON sd.n = r.dn`;

    await tx`
      INSERT INTO moderation_queue (discovery_id, title, url, domain, submitted_by, status, reviewed_by, reviewed_at,
                                    review_notes, created_at, updated_at)
      SELECT d.id, d.title, d.url, d.domain, d.submitted_by, m.status,
             CASE WHEN m.status <> 'pending' THEN (SELECT id FROM users WHERE role = 'moderator' LIMIT 1) END,
             CASE WHEN m.status <> 'pending' THEN m.at + random() * interval '2 days' END,
             CASE WHEN m.status = 'rejected' THEN 'Does not fit the guidelines' END,
             m.at, m.at
      FROM seed_discoveries sd JOIN discoveries d ON d.id = sd.id
      CROSS JOIN LATERAL (
        SELECT CASE WHEN random() < 0.3 THEN 'pending' WHEN random() < 0.7 THEN 'approved' ELSE 'rejected' END AS status,
               now() - power(random(), 2) * interval '60 days' + sd.n * interval '0' AS at
      ) m
      WHERE sd.n <= ${o.moderationItems}`;
    await tx`
      INSERT INTO content_reports (discovery_id, reported_by, reason, description, status, created_at)
      SELECT sd.id, su.id, (ARRAY['spam','broken link','offensive','duplicate'])[1 + g % 4], 'Generated report',
             CASE WHEN g % 3 = 0 THEN 'pending' WHEN g % 3 = 1 THEN 'resolved' ELSE 'dismissed' END,
             now() - random() * interval '90 days'
      FROM generate_series(1, ${o.reports}) g
      JOIN seed_discoveries sd ON sd.n = 1 + (g * 31) % ${o.discoveries}
      JOIN seed_users su ON su.n = 1 + (g * 17) % ${o.users}`;

    // Production tables have statistics; fresh ones would mislead the planner.
    await tx`ANALYZE users, email_preferences, discoveries, user_interactions, moderation_queue, content_reports`;
    const [counts] = await tx`
      SELECT (SELECT count(*)::int FROM users) AS users,
             (SELECT count(*)::int FROM users u JOIN email_preferences p ON p.user_id = u.id
               WHERE p.weekly_trending AND NOT p.unsubscribed_all AND u.deleted_at IS NULL AND u.email IS NOT NULL) AS recipients,
             (SELECT count(*)::int FROM discoveries) AS discoveries,
             (SELECT count(*)::int FROM user_interactions) AS interactions,
             (SELECT count(*)::int FROM moderation_queue) AS moderation_items,
             (SELECT count(*)::int FROM content_reports) AS reports`;
    return {
      users: counts?.users,
      weeklyDigestRecipients: counts?.recipients,
      discoveries: counts?.discoveries,
      interactions: counts?.interactions,
      moderationItems: counts?.moderation_items,
      reports: counts?.reports,
      durationMs: Date.now() - startedAt,
    };
  });
}
