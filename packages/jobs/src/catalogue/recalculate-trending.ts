import { z } from 'zod';
import { defineJob } from '../types.ts';

export const TRENDING_WINDOWS = ['1h', '24h', '7d'] as const;

/** Declared here; the handler arrives with issue 4. */
export const recalculateTrending = defineJob({
  name: 'recalculate_trending',
  description: 'Recomputes trending_content for the 1h, 24h and 7d windows and discoveries.trending_score.',
  payload: z.strictObject({
    windows: z
      .array(z.enum(TRENDING_WINDOWS))
      .min(1)
      .default([...TRENDING_WINDOWS]),
  }),
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    timeoutMs: 15 * 60_000,
    concurrency: 1,
    priority: 'MEDIUM',
  },
});
