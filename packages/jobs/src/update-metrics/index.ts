import { z } from 'zod';
import { defineJob, type JobContext, type JobResult } from '../types.ts';

const updateMetricsPayload = z.strictObject({
  /** Only these discoveries; all of them when absent. */
  discoveryIds: z.array(z.uuid()).min(1).max(10_000).optional(),
});

/**
 * Recomputes content_metrics and the count columns of discoveries from user_interactions,
 * set-based and in one transaction (see stumbleable/content-metrics.ts).
 */
export const updateMetrics = defineJob({
  name: 'update_metrics',
  needs: ['contentMetrics'],
  description: 'Recomputes content_metrics and the count columns of discoveries from user_interactions.',
  payload: updateMetricsPayload,
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    timeoutMs: 30 * 60_000,
    concurrency: 1,
    priority: 'LOW',
  },
  schedule: {
    cron: '5 * * * *',
    description: 'Recompute per-discovery counts from user interactions.',
  },
  handler: runUpdateMetrics,
});

async function runUpdateMetrics(
  payload: z.output<typeof updateMetricsPayload>,
  ctx: JobContext<'contentMetrics'>,
): Promise<JobResult> {
  const startedAt = Date.now();
  await ctx.progress({ percent: 0, message: 'recomputing from user_interactions' });
  const refresh = await ctx.deps.contentMetrics.refresh(payload.discoveryIds ?? null);
  await ctx.progress({ percent: 100, done: refresh.metricsRows, total: refresh.metricsRows });
  ctx.log.info({ ...refresh }, 'metrics recomputed');
  return {
    success: true,
    itemsProcessed: refresh.metricsRows,
    errors: [],
    details: { ...refresh, scope: payload.discoveryIds ? 'selected' : 'all', durationMs: Date.now() - startedAt },
  };
}
