import type { Sql } from '@scheduler/db';

export type CountedDiscovery = 'a' | 'b' | 'c';

/**
 * Replaces the discoveries, their interactions and metrics with three discoveries whose stored
 * counts are stale on purpose (99): a with 4 views, 2 likes, a save, a share and a skip; b with
 * 3 views and 2 skips; c with nothing. Shared by the handler's test and the worker's full-stack test.
 */
export async function seedInteractionsToCount(sql: Sql): Promise<Record<CountedDiscovery, string>> {
  await sql`DELETE FROM content_metrics`;
  await sql`DELETE FROM user_interactions`;
  await sql`DELETE FROM discoveries`;
  const ids = {} as Record<CountedDiscovery, string>;
  const [user] = await sql`
    INSERT INTO users (clerk_user_id, email) VALUES (${`user_${crypto.randomUUID()}`}, 'reader@example.com') RETURNING id`;
  for (const name of ['a', 'b', 'c'] as const) {
    // Stale counts on purpose: the job must overwrite them.
    const [row] = await sql`
      INSERT INTO discoveries (url, status, view_count, like_count) VALUES (${`https://example.org/${name}`}, 'approved', 99, 99)
      RETURNING id`;
    ids[name] = row?.id as string;
  }
  const interactions: Array<[CountedDiscovery, string, number]> = [
    ['a', 'view', 4],
    ['a', 'like', 2],
    ['a', 'save', 1],
    ['a', 'share', 1],
    ['a', 'skip', 1],
    ['b', 'view', 3],
    ['b', 'skip', 2],
  ];
  for (const [name, type, times] of interactions) {
    await sql`
      INSERT INTO user_interactions (user_id, discovery_id, type)
      SELECT ${user?.id as string}, ${ids[name]}, ${type} FROM generate_series(1, ${times})`;
  }
  return ids;
}
