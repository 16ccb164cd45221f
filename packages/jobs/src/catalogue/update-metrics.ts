import { z } from 'zod';
import { defineJob } from '../types.ts';

/** Declared here; the handler arrives with issue 4. */
export const updateMetrics = defineJob({
  name: 'update_metrics',
  description: 'Recomputes content_metrics and the count columns of discoveries from user_interactions.',
  payload: z.strictObject({
    discoveryIds: z.array(z.uuid()).max(10_000).optional(),
  }),
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    timeoutMs: 30 * 60_000,
    concurrency: 1,
    priority: 'LOW',
  },
});
