import { createTestDatabase, type TestDatabase } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReferenceData } from '../src/seed.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('seedReferenceData', () => {
  it('generates the asked sizes with every kind of user, discovery and age the jobs care about', async () => {
    const summary = await seedReferenceData(db.sql, {
      users: 1000,
      discoveries: 800,
      interactions: 20_000,
      moderationItems: 120,
      reports: 40,
    });
    expect(summary).toMatchObject({
      users: 1000,
      discoveries: 800,
      interactions: 20_000,
      moderationItems: 120,
      reports: 40,
    });

    const [kinds] = await db.sql`
      SELECT count(*) FILTER (WHERE p.user_id IS NULL)::int AS without_preferences,
             count(*) FILTER (WHERE p.weekly_trending)::int AS opted_in,
             count(*) FILTER (WHERE p.weekly_trending = false)::int AS opted_out,
             count(*) FILTER (WHERE p.unsubscribed_all)::int AS unsubscribed,
             count(*) FILTER (WHERE u.deleted_at IS NOT NULL)::int AS deleted,
             count(*) FILTER (WHERE u.email IS NULL)::int AS without_email,
             count(*) FILTER (WHERE u.role IN ('moderator', 'admin'))::int AS staff
      FROM users u LEFT JOIN email_preferences p ON p.user_id = u.id`;
    for (const [kind, n] of Object.entries(kinds ?? {})) expect(n, kind).toBeGreaterThan(0);

    const statuses = await db.sql`SELECT DISTINCT status FROM discoveries ORDER BY 1`;
    expect(statuses.map((r) => r.status)).toEqual(['approved', 'pending', 'rejected']);
    const [ages] = await db.sql`
      SELECT count(*) FILTER (WHERE created_at < now() - interval '2 years')::int AS older_than_retention,
             count(*) FILTER (WHERE created_at > now() - interval '7 days')::int AS last_week
      FROM user_interactions`;
    expect(ages?.older_than_retention).toBeGreaterThan(0);
    // Engagement is skewed to recent days, so a weekly digest always has content.
    expect(ages?.last_week).toBeGreaterThan(20_000 * 0.1);
    const reviews = await db.sql`SELECT DISTINCT status FROM moderation_queue ORDER BY 1`;
    expect(reviews.map((r) => r.status)).toEqual(['approved', 'pending', 'rejected']);
  });
});
