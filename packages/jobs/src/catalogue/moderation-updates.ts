import { z } from 'zod';
import { defineJob } from '../types.ts';

/** Declared here; the handler arrives with issue 4. */
export const moderationUpdates = defineJob({
  name: 'moderation_updates',
  description: 'Sends moderators and admins a daily summary of pending submissions and open reports.',
  payload: z.strictObject({}),
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    timeoutMs: 5 * 60_000,
    concurrency: 1,
    priority: 'LOW',
  },
});
