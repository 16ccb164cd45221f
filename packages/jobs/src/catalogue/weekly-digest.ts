import { z } from 'zod';
import { defineJob } from '../types.ts';

/** Declared here; the handler (ledger-protected, streamed sending) arrives with issue 4. */
export const weeklyDigest = defineJob({
  name: 'weekly_digest',
  description: "Emails each opted-in user the week's top discoveries (weekly-trending), once per ISO week.",
  payload: z.strictObject({
    /** ISO week to send for, e.g. 2026-W48; defaults to the current week. */
    isoWeek: z
      .string()
      .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'must look like 2026-W48')
      .optional(),
    /** Number of discoveries in the email. */
    topCount: z.int().min(1).max(50).default(10),
    dryRun: z.boolean().default(false),
  }),
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    timeoutMs: 2 * 60 * 60_000,
    concurrency: 1,
    priority: 'MEDIUM',
  },
});
