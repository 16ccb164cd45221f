import { z } from 'zod';
import { defineJob } from '../types.ts';

/** Declared here; the handler arrives with issue 4. */
export const submissionNotifications = defineJob({
  name: 'submission_notifications',
  description: 'Emails each submitter once when their moderation_queue item is approved or rejected.',
  payload: z.strictObject({
    /** Only consider reviews after this time; defaults to the last 7 days. */
    since: z.iso.datetime({ offset: true }).optional(),
    limit: z.int().min(1).max(10_000).default(1000),
  }),
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    timeoutMs: 15 * 60_000,
    concurrency: 1,
    priority: 'HIGH',
  },
});
