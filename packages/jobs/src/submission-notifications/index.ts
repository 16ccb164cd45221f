import { z } from 'zod';
import { sendingPace } from '../send-once.ts';
import { defineJob } from '../types.ts';
import { runSubmissionNotifications } from './handler.ts';

const submissionNotificationsPayload = z.strictObject({
  /** Only consider reviews after this time; defaults to the last 7 days. */
  since: z.iso.datetime({ offset: true }).optional(),
  /** Reviewed items looked at in one run at most (the next run continues). */
  limit: z.int().min(1).max(10_000).default(1000),
  /** Count what would be sent, send nothing, claim nothing. */
  dryRun: z.boolean().default(false),
  ...sendingPace,
});
export type SubmissionNotificationsPayload = z.output<typeof submissionNotificationsPayload>;

/**
 * Tells each submitter that their submission was approved or rejected, once per item and
 * outcome (ledger key submission_notifications:<itemId>:<status>): running it every few
 * minutes over a window of days sends each notification exactly once.
 */
export const submissionNotifications = defineJob({
  name: 'submission_notifications',
  needs: ['recipients', 'email', 'ledger'],
  description: 'Emails each submitter once when their moderation_queue item is approved or rejected.',
  payload: submissionNotificationsPayload,
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    timeoutMs: 15 * 60_000,
    concurrency: 1,
    priority: 'HIGH',
  },
  schedule: {
    // Emails users on its own: turning it on is a product decision.
    cron: '*/10 * * * *',
    description: 'Tell submitters their content was reviewed (emails users: enable deliberately).',
    enabled: false,
  },
  handler: runSubmissionNotifications,
});
