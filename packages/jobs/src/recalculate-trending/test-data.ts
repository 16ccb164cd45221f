import type { Sql } from '@scheduler/db';

export type TrendingDiscovery = 'p' | 'q' | 'r' | 's';

/**
 * Four discoveries (p and q approved, r pending, s deleted; each with a stale trending_score of 42)
 * and nine interactions at ages that put p and q in every window, plus a leftover 1h row of r that
 * replacing the window removes. Shared by the handler's test and the worker's full-stack test.
 */
export async function seedTrendingInteractions(sql: Sql): Promise<Record<TrendingDiscovery, string>> {
  const ids = {} as Record<TrendingDiscovery, string>;
  const [user] = await sql`INSERT INTO users (clerk_user_id) VALUES ('user_reader') RETURNING id`;
  for (const [name, status, deleted] of [
    ['p', 'approved', false],
    ['q', 'approved', false],
    ['r', 'pending', false],
    ['s', 'approved', true],
  ] as const) {
    const [row] = await sql`
      INSERT INTO discoveries (url, status, deleted_at, trending_score)
      VALUES (${`https://example.org/${name}`}, ${status}, ${deleted ? new Date() : null}, 42) RETURNING id`;
    ids[name] = row?.id as string;
  }
  const seed: Array<[TrendingDiscovery, string, string]> = [
    ['p', 'like', '30 minutes'],
    ['p', 'share', '12 hours'],
    ['p', 'view', '3 days'],
    ['p', 'skip', '1 minute'],
    ['p', 'like', '8 days'],
    ['q', 'view', '10 minutes'],
    ['q', 'view', '10 minutes'],
    ['r', 'like', '1 minute'],
    ['s', 'like', '1 minute'],
  ];
  for (const [name, type, ago] of seed) {
    await sql`
      INSERT INTO user_interactions (user_id, discovery_id, type, created_at)
      VALUES (${user?.id as string}, ${ids[name]}, ${type}, now() - ${ago}::interval)`;
  }
  // A leftover row of a discovery that no longer trends: replacing the window removes it.
  await sql`INSERT INTO trending_content (discovery_id, time_window, trending_score) VALUES (${ids.r}, '1h', 9)`;
  return ids;
}
