import { runJob } from '@scheduler/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createJobWorld, type JobWorld } from '../../test/job-world.ts';
import { updateMetrics } from './index.ts';
import { type CountedDiscovery, seedInteractionsToCount } from './test-data.ts';

let world: JobWorld;
let ids: Record<CountedDiscovery, string>;

beforeAll(async () => {
  world = await createJobWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  ids = await seedInteractionsToCount(world.sql);
});

const run = (payload: z.input<typeof updateMetrics.payload> = {}) =>
  runJob(updateMetrics, payload, world.depsFor(updateMetrics), { sql: world.sql });

const metricsOf = async (name: CountedDiscovery) =>
  (
    await world.sql`
    SELECT views_count, likes_count, saves_count, shares_count, skip_count, engagement_rate::float AS engagement_rate
    FROM content_metrics WHERE discovery_id = ${ids[name]}`
  )[0];
const countsOf = async (name: CountedDiscovery) =>
  (
    await world.sql`
    SELECT view_count, like_count, save_count, share_count FROM discoveries WHERE id = ${ids[name]}`
  )[0];

describe('update_metrics (handler)', () => {
  it('recomputes content_metrics and the discovery counts from the interactions', async () => {
    const { result, progress, logs, status } = await run();
    expect(status).toBe('completed');
    expect(result).toMatchObject({
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
    expect(progress).toEqual([
      { percent: 0, message: 'recomputing from user_interactions' },
      { percent: 100, done: 3, total: 3 },
    ]);
    expect(logs.map((l) => `${l.level} ${l.message}`)).toEqual(['info metrics recomputed']);
  });

  it('rewrites only what changed on a second run, and can be limited to some discoveries', async () => {
    await run();
    const again = await run();
    expect(again.result.details).toMatchObject({ metricsRows: 3, discoveriesChanged: 0 });

    await world.sql`UPDATE discoveries SET view_count = 7 WHERE id IN (${ids.a}, ${ids.b})`;
    const some = await run({ discoveryIds: [ids.a] });
    expect(some.result.details).toMatchObject({ metricsRows: 1, discoveriesChanged: 1, scope: 'selected' });
    expect((await countsOf('a'))?.view_count).toBe(4);
    expect((await countsOf('b'))?.view_count).toBe(7);
  });

  it('refuses a payload its schema refuses, as the worker does', async () => {
    await expect(run({ discoveryIds: ['not-a-uuid'] })).rejects.toThrow(
      /invalid update_metrics payload: discoveryIds\.0/,
    );
  });
});
