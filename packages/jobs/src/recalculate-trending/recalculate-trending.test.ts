import { runJob } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobWorld, type JobWorld } from '../../test/job-world.ts';
import { recalculateTrending } from './index.ts';
import { seedTrendingInteractions, type TrendingDiscovery } from './test-data.ts';

let world: JobWorld;
let ids: Record<TrendingDiscovery, string>;

beforeAll(async () => {
  world = await createJobWorld();
  ids = await seedTrendingInteractions(world.sql);
});
afterAll(async () => {
  await world?.close();
});

const rowsOf = async (window: string) =>
  world.sql`
    SELECT discovery_id, interaction_count, like_count, share_count, save_count, trending_score::float AS score
    FROM trending_content WHERE time_window = ${window} ORDER BY score DESC`;

describe('recalculate_trending (handler)', () => {
  it('scores each window from recency-weighted interactions and replaces it whole', async () => {
    const { result, progress, logs } = await runJob(recalculateTrending, {}, world.depsFor(recalculateTrending), {
      sql: world.sql,
    });
    expect(result.details).toMatchObject({
      trendingByWindow: { '1h': 2, '24h': 2, '7d': 2 },
      discoveryScoresChanged: 4,
    });
    expect(result.itemsProcessed).toBe(6);

    // Weights: view 1, like 3, save 4, share 5, skip 0; recency 1 - age / window.
    const hour = await rowsOf('1h');
    expect(hour.map((r) => r.discovery_id)).toEqual([ids.q, ids.p]);
    expect(hour[0]?.score).toBeCloseTo(2 * (1 - 10 / 60), 2); // two views 10 min ago
    expect(hour[1]?.score).toBeCloseTo(3 * (1 - 0.5), 2); // a like 30 min ago
    expect(hour[1]).toMatchObject({ interaction_count: 1, like_count: 1, share_count: 0 });

    const day = await rowsOf('24h');
    expect(day[0]).toMatchObject({ discovery_id: ids.p, interaction_count: 2, like_count: 1, share_count: 1 });
    expect(day[0]?.score).toBeCloseTo(3 * (1 - 0.5 / 24) + 5 * (1 - 12 / 24), 2);
    expect(day[1]?.score).toBeCloseTo(2 * (1 - 1 / 6 / 24), 2);

    const week = await rowsOf('7d');
    expect(week[0]).toMatchObject({ discovery_id: ids.p, interaction_count: 3 });
    expect(week[0]?.score).toBeCloseTo(3 * (1 - 0.5 / 168) + 5 * (1 - 12 / 168) + 1 * (1 - 72 / 168), 2);

    const scores = await world.sql`SELECT id, trending_score::float AS score FROM discoveries`;
    const scoreOf = (name: TrendingDiscovery) => scores.find((s) => s.id === ids[name])?.score;
    expect(scoreOf('p')).toBeCloseTo(day[0]?.score as number, 4);
    expect(scoreOf('q')).toBeCloseTo(day[1]?.score as number, 4);
    expect(scoreOf('r')).toBe(0); // not approved
    expect(scoreOf('s')).toBe(0); // deleted

    expect(progress.map((p) => p.percent)).toEqual([25, 50, 75]);
    expect(logs.map((l) => l.message)).toEqual([
      '1h window: 2 trending discoveries',
      '24h window: 2 trending discoveries',
      '7d window: 2 trending discoveries',
      '4 discovery scores changed',
    ]);
  });

  it('recomputes only the windows asked for', async () => {
    await world.sql`UPDATE trending_content SET trending_score = 0 WHERE time_window = '7d'`;
    const { result } = await runJob(recalculateTrending, { windows: ['1h'] }, world.depsFor(recalculateTrending));
    expect(result.details).toMatchObject({ trendingByWindow: { '1h': 2 }, discoveryScoresChanged: 0 });
    expect(result.details?.trendingByWindow).toEqual({ '1h': 2 });
    expect((await rowsOf('7d')).every((r) => r.score === 0)).toBe(true);
  });

  it('stops between windows when cancelled, with the windows it replaced', async () => {
    const cancel = new AbortController();
    cancel.abort();
    const { result, status } = await runJob(recalculateTrending, {}, world.depsFor(recalculateTrending), {
      sql: world.sql,
      signal: cancel.signal,
    });
    expect(status).toBe('cancelled');
    expect(result.details).toMatchObject({ trendingByWindow: {} });
  });
});
