import { z } from 'zod';
import { defineJob } from '../types.ts';

/** Declared here; the handler arrives with issue 4. */
export const cleanupOldData = defineJob({
  name: 'cleanup_old_data',
  description:
    'Deletes old user_interactions in small batches, archives finished scheduled_jobs, refreshes metrics and trending.',
  payload: z.strictObject({
    dryRun: z.boolean().default(false),
    interactionRetentionDays: z.int().min(30).max(3650).default(730),
    jobArchiveAfterDays: z.int().min(7).max(3650).default(90),
    batchSize: z.int().min(100).max(50_000).default(5000),
    /** Refuse to delete more than this share of a table in one run. */
    maxDeleteShare: z.number().gt(0).max(1).default(0.5),
  }),
  defaults: {
    attempts: 2,
    backoff: { type: 'exponential', delay: 60_000 },
    timeoutMs: 60 * 60_000,
    concurrency: 1,
    priority: 'LOW',
  },
});
