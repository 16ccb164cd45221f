import { z } from 'zod';
import { defineJob } from '../types.ts';
import { runCleanupOldData } from './handler.ts';

const cleanupOldDataPayload = z.strictObject({
  /** Report what would be deleted and archived; change nothing. */
  dryRun: z.boolean().default(false),
  /** user_interactions older than this are deleted (default 2 years). */
  interactionRetentionDays: z.int().min(30).max(3650).default(730),
  /**
   * Finished scheduled_jobs move to scheduled_jobs_archive past their type's retention (an
   * admin's, else the type's own); this replaces the default (90 days) of types with neither.
   */
  jobArchiveAfterDays: z.int().min(7).max(3650).optional(),
  /** Settled side-effect ledger rows older than this are deleted; longer than any digest period or lookback. Idempotency keys go after 24 hours. */
  ledgerRetentionDays: z.int().min(35).max(3650).default(180),
  /** Lifecycle events (the event streams' replay buffer) older than this are deleted. */
  eventRetentionDays: z.int().min(1).max(365).default(7),
  /** Rows per statement: small enough that no lock is held for long. */
  batchSize: z.int().min(100).max(50_000).default(5000),
  /** Refuse to delete more than this share of user_interactions or scheduled_jobs in one run. */
  maxDeleteShare: z.number().gt(0).max(1).default(0.5),
  /** Recompute content metrics and trending afterwards, since interactions went away. */
  refresh: z.boolean().default(true),
});
export type CleanupOldDataPayload = z.output<typeof cleanupOldDataPayload>;

/**
 * Deletes old user_interactions and settled ledger rows, archives old finished jobs, then
 * refreshes metrics and trending. Everything is counted first: a dry run stops there, and a
 * run that would remove more than maxDeleteShare of a table refuses before touching anything.
 */
export const cleanupOldData = defineJob({
  name: 'cleanup_old_data',
  needs: ['retention', 'contentMetrics', 'trending'],
  description:
    "Deletes old user_interactions in small batches, archives finished scheduled_jobs past their type's retention, refreshes metrics and trending.",
  payload: cleanupOldDataPayload,
  defaults: {
    attempts: 2,
    backoff: { type: 'exponential', delay: 60_000 },
    timeoutMs: 60 * 60_000,
    concurrency: 1,
    priority: 'LOW',
  },
  exclusive: true,
  schedule: {
    cron: '0 2 * * *',
    description: 'Retention and archiving of old jobs, logs and interactions.',
  },
  handler: runCleanupOldData,
});
