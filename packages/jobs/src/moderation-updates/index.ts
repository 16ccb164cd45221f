import { z } from 'zod';
import { createOnceSender, describeTally, firstNameOf, sendingPace } from '../send-once.ts';
import { defineJob, type JobContext, type JobResult } from '../types.ts';

const moderationUpdatesPayload = z.strictObject({
  /** The day the summary is for (UTC), e.g. 2026-11-28; defaults to today. One summary per person per day. */
  date: z.iso.date().optional(),
  /** Also send when nothing is waiting (by default an empty queue sends nothing). */
  sendWhenEmpty: z.boolean().default(false),
  /** Count what would be sent, send nothing, claim nothing. */
  dryRun: z.boolean().default(false),
  ...sendingPace,
});
type ModerationUpdatesPayload = z.output<typeof moderationUpdatesPayload>;

/**
 * A daily `moderation-digest` email to every moderator and admin: how many submissions wait
 * for review and how many reports are open, and how old the oldest of each is. Ledger key
 * moderation_updates:<userId>:<date>, so a rerun the same day sends nothing new.
 */
export const moderationUpdates = defineJob({
  name: 'moderation_updates',
  needs: ['recipients', 'email', 'ledger'],
  description: 'Sends moderators and admins a daily summary of pending submissions and open reports.',
  payload: moderationUpdatesPayload,
  defaults: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 30_000 },
    timeoutMs: 5 * 60_000,
    concurrency: 1,
    priority: 'LOW',
  },
  schedule: {
    // Emails staff on its own: turning it on is a product decision.
    cron: '0 8 * * *',
    description: 'Moderation summary for staff (emails staff: enable deliberately).',
    enabled: false,
  },
  handler: runModerationUpdates,
});

async function runModerationUpdates(
  payload: ModerationUpdatesPayload,
  ctx: JobContext<'recipients' | 'email' | 'ledger'>,
): Promise<JobResult> {
  const date = payload.date ?? new Date().toISOString().slice(0, 10);
  const backlog = await ctx.deps.recipients.moderationBacklog();
  const staff = await ctx.deps.recipients.staff();
  const about = { date, ...backlog, staff: staff.length };

  ctx.log.info(
    about,
    `${backlog.pendingSubmissions} submissions and ${backlog.openReports} reports wait for moderators; ${staff.length} staff to tell`,
  );
  if (backlog.pendingSubmissions === 0 && backlog.openReports === 0 && !payload.sendWhenEmpty) {
    ctx.log.info('nothing is waiting for moderators: no email sent (sendWhenEmpty is off)');
    return {
      success: true,
      itemsProcessed: 0,
      errors: [],
      details: { ...about, sent: 0, stoppedBecause: 'nothing is waiting for moderators' },
    };
  }
  if (payload.dryRun) {
    ctx.log.info(`dry run: would email ${staff.length} staff`);
    return {
      success: true,
      itemsProcessed: 0,
      errors: [],
      details: { ...about, dryRun: true, wouldSendAtMost: staff.length },
    };
  }

  const send = createOnceSender(ctx, payload);
  const summary = {
    date,
    pendingSubmissions: backlog.pendingSubmissions,
    openReports: backlog.openReports,
    oldestSubmissionAt: backlog.oldestSubmissionAt?.toISOString() ?? null,
    oldestReportAt: backlog.oldestReportAt?.toISOString() ?? null,
  };
  const { errors, ...counts } = await send(
    staff.map((person) => ({
      key: `moderation_updates:${person.userId}:${date}`,
      message: {
        userId: person.userId,
        emailType: 'moderation-digest',
        recipientEmail: person.email,
        templateData: {
          ...summary,
          email: person.email,
          ...firstNameOf(person.fullName),
        },
      },
    })),
  );
  await ctx.progress({ percent: 100, done: staff.length, total: staff.length });
  ctx.log[counts.failed + counts.rejected > 0 ? 'warn' : 'info'](
    { ...counts, errors: errors.slice(0, 5) },
    `moderation summary: ${describeTally({ ...counts, errors })}`,
  );
  return { success: counts.failed === 0, itemsProcessed: staff.length, errors, details: { ...about, ...counts } };
}
