import { addTally, createOnceSender, describeTally, emptyTally, type OnceEmail } from '../send-once.ts';
import type { ReviewedSubmission } from '../stumbleable/index.ts';
import type { JobContext, JobResult } from '../types.ts';
import type { SubmissionNotificationsPayload } from './index.ts';

const PAGE_SIZE = 200;

export async function runSubmissionNotifications(
  payload: SubmissionNotificationsPayload,
  ctx: JobContext<'recipients' | 'email' | 'ledger'>,
): Promise<JobResult> {
  const startedAt = Date.now();
  const since = payload.since ? new Date(payload.since) : new Date(Date.now() - 7 * 86_400_000);
  const send = createOnceSender(ctx, payload);

  let tally = emptyTally();
  let reviewed = 0;
  let skippedByPreference = 0;
  let wouldSend = 0;
  let after: string | null = null;
  while (!ctx.signal.aborted && reviewed < payload.limit) {
    const page = await ctx.deps.recipients.reviewedSubmissionsPage(
      since,
      after,
      Math.min(PAGE_SIZE, payload.limit - reviewed),
    );
    if (page.length === 0) break;
    after = page[page.length - 1]?.id ?? null;
    reviewed += page.length;
    const wanted = page.filter((item) => item.wantsUpdates);
    const unwanted = page.length - wanted.length;
    skippedByPreference += unwanted;
    const skipped = unwanted ? `, ${unwanted} skipped: the submitter turned submission emails off` : '';
    if (payload.dryRun) {
      wouldSend += wanted.length;
      ctx.log.info(
        { reviewed: page.length, unwanted },
        `${page.length} reviewed submissions: would email ${wanted.length}${skipped}`,
      );
    } else {
      const part = await send(wanted.map(toEmail));
      tally = addTally(tally, part);
      ctx.log[part.failed + part.rejected > 0 ? 'warn' : 'info'](
        { reviewed: page.length, unwanted, ...part, errors: part.errors.slice(0, 5) },
        `${page.length} reviewed submissions: ${describeTally(part)}${skipped}`,
      );
    }
    await ctx.progress({ percent: Math.min(99, Math.floor((reviewed / payload.limit) * 100)), done: reviewed });
  }

  const { errors, ...counts } = tally;
  const details = {
    since: since.toISOString(),
    reviewed,
    skippedByPreference,
    ...(payload.dryRun ? { dryRun: true, wouldSendAtMost: wouldSend } : counts),
    durationMs: Date.now() - startedAt,
    stoppedBecause: ctx.signal.aborted
      ? 'stopped'
      : reviewed >= payload.limit
        ? `reached the limit of ${payload.limit}`
        : 'every reviewed item handled',
  };
  ctx.log.info(
    details,
    reviewed
      ? `finished: ${reviewed} reviewed submissions (${details.stoppedBecause})`
      : `no submission reviewed since ${details.since}`,
  );
  return { success: tally.failed === 0, itemsProcessed: reviewed, errors, details };
}

function toEmail(item: ReviewedSubmission): OnceEmail {
  const base = { submissionUrl: item.url, submissionTitle: item.title ?? item.url };
  return {
    key: `submission_notifications:${item.id}:${item.status}`,
    message: {
      userId: item.submitter.userId,
      emailType: item.status === 'approved' ? 'submission-approved' : 'submission-rejected',
      recipientEmail: item.submitter.email,
      templateData: item.status === 'rejected' && item.reviewNotes ? { ...base, reason: item.reviewNotes } : base,
    },
  };
}
