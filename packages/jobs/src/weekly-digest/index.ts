import { z } from 'zod';
import { sendingPace } from '../send-once.ts';
import { defineJob } from '../types.ts';
import { runWeeklyDigest } from './handler.ts';
import { parseIsoWeek } from './iso-week.ts';

const weeklyDigestPayload = z.strictObject({
  /** ISO week to send for, e.g. 2026-W48; defaults to the current week. One digest per user per week. */
  isoWeek: z
    .string()
    .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'must look like 2026-W48')
    .refine((label) => parseIsoWeek(label) !== undefined, 'is not a week of that year')
    .optional(),
  /** Number of discoveries in the email. */
  topCount: z.int().min(1).max(50).default(10),
  /** Rank the week's pool for each user by what they engaged with; false: the week's top for all. */
  personalise: z.boolean().default(true),
  /** Go through every recipient and pick their content, send nothing, claim nothing. */
  dryRun: z.boolean().default(false),
  /** Users read per keyset page; their recipients are claimed and sent as one batch. */
  batchSize: z.int().min(1).max(5000).default(500),
  ...sendingPace,
});
export type WeeklyDigestPayload = z.output<typeof weeklyDigestPayload>;

/**
 * One weekly-trending email to every opted-in user, with the approved discoveries of the week
 * before that suit them best (recommend.ts: the week's pool ranked by the user's taste, the
 * week's top for users without history). Recipients are streamed in keyset pages; each email is
 * claimed in the side-effect ledger under weekly_digest:<userId>:<isoWeek> before it is sent,
 * so reruns, retries and recovered crashes in the same week never email anyone twice.
 */
export const weeklyDigest = defineJob({
  name: 'weekly_digest',
  needs: ['recipients', 'trending', 'affinities', 'email', 'ledger'],
  description:
    "Emails each opted-in user the previous week's discoveries ranked for them (weekly-trending), once per ISO week.",
  payload: weeklyDigestPayload,
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    timeoutMs: 2 * 60 * 60_000,
    concurrency: 1,
    priority: 'MEDIUM',
  },
  exclusive: true,
  // Failures are kept twice as long as the rest: they are what someone looks into later.
  retention: { days: 90, failedDays: 180 },
  schedule: {
    cron: '0 9 * * 1',
    description: 'Email the weekly trending digest to opted-in users.',
  },
  handler: runWeeklyDigest,
});
