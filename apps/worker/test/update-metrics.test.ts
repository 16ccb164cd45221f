import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let h: Harness;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  await h.sql`DELETE FROM content_metrics`;
  await h.sql`DELETE FROM user_interactions`;
  await h.sql`DELETE FROM discoveries`;
  const [user] = await h.sql`
    INSERT INTO users (clerk_user_id, email) VALUES (${`user_${Date.now()}`}, 'reader@example.com') RETURNING id`;
  for (const name of ['a', 'b', 'c']) {
    // Stale counts on purpose: the job must overwrite them.
    const [row] = await h.sql`
      INSERT INTO discoveries (url, status, view_count, like_count) VALUES (${`https://example.org/${name}`}, 'approved', 99, 99)
      RETURNING id`;
    ids[name] = row?.id as string;
  }
  const interactions: Array<[string, string, number]> = [
    ['a', 'view', 4],
    ['a', 'like', 2],
    ['a', 'save', 1],
    ['a', 'share', 1],
    ['a', 'skip', 1],
    ['b', 'view', 3],
    ['b', 'skip', 2],
  ];
  for (const [name, type, times] of interactions) {
    await h.sql`
      INSERT INTO user_interactions (user_id, discovery_id, type)
      SELECT ${user?.id as string}, ${ids[name] as string}, ${type} FROM generate_series(1, ${times})`;
  }
});

const metricsOf = async (name: string) =>
  (
    await h.sql`
    SELECT views_count, likes_count, saves_count, shares_count, skip_count, engagement_rate::float AS engagement_rate
    FROM content_metrics WHERE discovery_id = ${ids[name] as string}`
  )[0];
const countsOf = async (name: string) =>
  (
    await h.sql`
    SELECT view_count, like_count, save_count, share_count FROM discoveries WHERE id = ${ids[name] as string}`
  )[0];

describe('update_metrics', () => {
  it('recomputes content_metrics and the discovery counts from the interactions', async () => {
    const id = await h.trigger('update_metrics', {});
    const done = await h.waitForStatus(id, 'completed');
    expect(done.result).toMatchObject({
      success: true,
      itemsProcessed: 3,
      details: { metricsRows: 3, discoveriesChanged: 3, scope: 'all' },
    });
    // a: (2 likes + 1 save + 1 share) / 4 views = 1; b: 0 / 3 = 0; c: no views, 0.
    expect(await metricsOf('a')).toEqual({
      views_count: 4,
      likes_count: 2,
      saves_count: 1,
      shares_count: 1,
      skip_count: 1,
      engagement_rate: 1,
    });
    expect(await metricsOf('b')).toEqual({
      views_count: 3,
      likes_count: 0,
      saves_count: 0,
      shares_count: 0,
      skip_count: 2,
      engagement_rate: 0,
    });
    expect(await metricsOf('c')).toMatchObject({ views_count: 0, engagement_rate: 0 });
    expect(await countsOf('a')).toEqual({ view_count: 4, like_count: 2, save_count: 1, share_count: 1 });
    expect(await countsOf('c')).toEqual({ view_count: 0, like_count: 0, save_count: 0, share_count: 0 });
  });

  it('rewrites only what changed on a second run, and can be limited to some discoveries', async () => {
    await h.waitForStatus(await h.trigger('update_metrics', {}), 'completed');
    const again = await h.waitForStatus(await h.trigger('update_metrics', {}), 'completed');
    expect(again.result.details).toMatchObject({ metricsRows: 3, discoveriesChanged: 0 });

    await h.sql`UPDATE discoveries SET view_count = 7 WHERE id IN (${ids.a as string}, ${ids.b as string})`;
    const some = await h.waitForStatus(await h.trigger('update_metrics', { discoveryIds: [ids.a] }), 'completed');
    expect(some.result.details).toMatchObject({ metricsRows: 1, discoveriesChanged: 1, scope: 'selected' });
    expect((await countsOf('a'))?.view_count).toBe(4);
    expect((await countsOf('b'))?.view_count).toBe(7);
  });

  it('creates no table, temporary or not, on any run', async () => {
    // A temporary table per run adds and deletes catalog rows each time: at one run a second,
    // pg_attribute grew to 107 MB in a soak (issue 21). An event trigger sees every CREATE.
    await h.sql`CREATE TABLE IF NOT EXISTS ddl_seen (tag text, object text)`;
    await h.sql.unsafe(`
      CREATE OR REPLACE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ddl_seen SELECT command_tag, object_identity FROM pg_event_trigger_ddl_commands();
      END $$`);
    await h.sql`CREATE EVENT TRIGGER note_ddl ON ddl_command_end EXECUTE FUNCTION note_ddl()`;
    try {
      await h.sql`CREATE TEMP TABLE proves_the_trigger_sees_temporary_tables (a int)`;
      for (const payload of [{}, { discoveryIds: [ids.a] }]) {
        const done = await h.waitForStatus(await h.trigger('update_metrics', payload), 'completed');
        expect(done.result.details.metricsRows).toBeGreaterThan(0);
      }
      const seen = await h.sql`SELECT tag, object FROM ddl_seen`;
      expect(seen.map((r) => r.object)).toEqual(['pg_temp.proves_the_trigger_sees_temporary_tables']);
    } finally {
      await h.sql`DROP EVENT TRIGGER IF EXISTS note_ddl`;
    }
  });
});
