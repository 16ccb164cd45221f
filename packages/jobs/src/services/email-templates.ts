// Shared: the email service's template data (Stumbleable's contract), checked by its stand-in too.
import { z } from 'zod';

/** A discovery as an email shows it. */
export const discoveryInEmail = z.object({
  id: z.string().min(1),
  url: z.string().min(1),
  title: z.string(),
  description: z.string().nullish(),
  image_url: z.string().nullish(),
  domain: z.string(),
  topics: z.array(z.string()),
  like_count: z.number().optional(),
  save_count: z.number().optional(),
  share_count: z.number().optional(),
});

/**
 * The template data the email service's templates read (Stumbleable's contract), by email type:
 * one definition, which the senders here are typed against and the email stand-in validates
 * with, so the two cannot drift apart.
 */
export const EMAIL_TEMPLATE_DATA = {
  'weekly-trending': z.object({
    discoveries: z.array(discoveryInEmail),
    weekStart: z.string().min(1),
    weekEnd: z.string().min(1),
    firstName: z.string().optional(),
    email: z.email(),
  }),
  'submission-approved': z.object({ submissionUrl: z.string().min(1), submissionTitle: z.string() }),
  'submission-rejected': z.object({
    submissionUrl: z.string().min(1),
    submissionTitle: z.string(),
    reason: z.string().optional(),
  }),
  // Added by the scheduler (the contract allows it): the daily summary for moderators.
  'moderation-digest': z.object({
    date: z.iso.date(),
    pendingSubmissions: z.int().min(0),
    openReports: z.int().min(0),
    oldestSubmissionAt: z.string().nullable(),
    oldestReportAt: z.string().nullable(),
    email: z.email(),
    firstName: z.string().optional(),
  }),
  // Added by the scheduler: an alert opened or resolved (or a test), sent to an alert channel's address.
  'scheduler-alert': z.object({
    event: z.enum(['alert.opened', 'alert.resolved', 'alert.test']),
    alertId: z.string().min(1),
    kind: z.string().min(1),
    subject: z.string().min(1),
    summary: z.string().min(1),
    resolution: z.string().nullable(),
    openedAt: z.string().min(1),
    resolvedAt: z.string().nullable(),
    url: z.url(),
    email: z.email(),
  }),
} satisfies Record<string, z.ZodType>;

/** What a weekly-trending email carries. */
export type WeeklyTrendingData = z.input<(typeof EMAIL_TEMPLATE_DATA)['weekly-trending']>;
