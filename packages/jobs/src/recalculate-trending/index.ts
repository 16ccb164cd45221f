import { z } from 'zod';
import { TRENDING_WINDOWS, type TrendingWindow } from '../stumbleable/index.ts';
import { defineJob, type JobContext, type JobResult } from '../types.ts';

const WINDOWS = Object.keys(TRENDING_WINDOWS) as [TrendingWindow, ...TrendingWindow[]];

const recalculateTrendingPayload = z.strictObject({
  windows: z
    .array(z.enum(WINDOWS))
    .min(1)
    .default([...WINDOWS]),
});

/**
 * Recomputes trending_content for each window (each replaced atomically, so readers never see
 * a half-written window) and, with the 24h window, discoveries.trending_score.
 */
export const recalculateTrending = defineJob({
  name: 'recalculate_trending',
  needs: ['trending'],
  description: 'Recomputes trending_content for the 1h, 24h and 7d windows and discoveries.trending_score.',
  payload: recalculateTrendingPayload,
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    timeoutMs: 15 * 60_000,
    concurrency: 1,
    priority: 'MEDIUM',
  },
  schedule: {
    cron: '*/10 * * * *',
    description: 'Keep the trending windows fresh (the 1-hour one most of all).',
  },
  handler: runRecalculateTrending,
});

async function runRecalculateTrending(
  payload: z.output<typeof recalculateTrendingPayload>,
  ctx: JobContext<'trending'>,
): Promise<JobResult> {
  const startedAt = Date.now();
  const windows = [...new Set(payload.windows)];
  const trendingByWindow: Partial<Record<TrendingWindow, number>> = {};
  for (const [index, window] of windows.entries()) {
    if (ctx.signal.aborted) break;
    trendingByWindow[window] = await ctx.deps.trending.replaceWindow(window);
    ctx.log.info(
      { window, discoveries: trendingByWindow[window] },
      `${window} window: ${trendingByWindow[window]} trending discoveries`,
    );
    await ctx.progress({
      percent: Math.floor(((index + 1) / (windows.length + 1)) * 100),
      done: index + 1,
      total: windows.length,
    });
  }
  const discoveryScoresChanged = windows.includes('24h') ? await ctx.deps.trending.syncDiscoveryScores() : 0;
  if (windows.includes('24h'))
    ctx.log.info({ discoveryScoresChanged }, `${discoveryScoresChanged} discovery scores changed`);
  return {
    success: true,
    itemsProcessed: Object.values(trendingByWindow).reduce((sum, n) => sum + n, 0),
    errors: [],
    details: { trendingByWindow, discoveryScoresChanged, durationMs: Date.now() - startedAt },
  };
}
