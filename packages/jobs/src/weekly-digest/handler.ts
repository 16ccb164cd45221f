import { addTally, createOnceSender, describeTally, emptyTally, type SendTally } from '../send-once.ts';
import type { RecipientPage } from '../stumbleable/index.ts';
import type { JobContext, JobResult } from '../types.ts';
import { createDigestEmails } from './email.ts';
import type { WeeklyDigestPayload } from './index.ts';
import { type IsoWeek, isoDate, isoWeekOf, parseIsoWeek } from './iso-week.ts';
import { createPersonalStats } from './personal-stats.ts';
import { createPagePlanner, POOL_SIZE } from './plan.ts';

/** How often, at most, the figure of settled emails is handed to the progress record. */
const REPORT_EVERY_MS = 100;

export async function runWeeklyDigest(
  payload: WeeklyDigestPayload,
  ctx: JobContext<'recipients' | 'trending' | 'affinities' | 'email' | 'ledger'>,
): Promise<JobResult> {
  const { recipients, trending, affinities } = ctx.deps;
  const startedAt = Date.now();
  const week = payload.isoWeek ? (parseIsoWeek(payload.isoWeek) as IsoWeek) : isoWeekOf(new Date());
  // The content is the full week before the one being sent for: it is closed, so every
  // batch, retry and resumed run of this week's digest picks the same discoveries.
  const period = { from: new Date(week.start.getTime() - 7 * 86_400_000), to: week.start };
  // Neither waits on the other: the run's first sends come a round trip sooner.
  const [pool, total] = await Promise.all([
    trending.topOfPeriod(period.from, period.to, POOL_SIZE),
    recipients.countWeeklyDigest(),
  ]);
  const about = {
    isoWeek: week.label,
    contentPeriod: { from: isoDate(period.from), to: isoDate(new Date(period.to.getTime() - 1)) },
    discoveries: pool.length,
    recipients: total,
    personalised: payload.personalise,
  };
  if (pool.length === 0) {
    ctx.log.info(about, 'no discoveries to send this week');
    const stoppedBecause = 'no content: no approved discovery had interactions in the period';
    if (payload.dryRun)
      return { success: true, itemsProcessed: 0, errors: [], details: { ...about, dryRun: true, wouldSendAtMost: 0 } };
    return { success: true, itemsProcessed: 0, errors: [], details: { ...about, sent: 0, stoppedBecause } };
  }

  const personal = createPersonalStats();
  const itemsOf = createPagePlanner(affinities, pool, {
    to: period.to,
    topCount: payload.topCount,
    personalise: payload.personalise,
  });

  if (payload.dryRun) {
    let after: string | null = null;
    let wouldSendAtMost = 0;
    do {
      const page: RecipientPage = await recipients.weeklyDigestPage(after, payload.batchSize);
      const planned = await itemsOf(page.recipients);
      for (const { history, items } of planned) personal.note(history, items);
      wouldSendAtMost += planned.filter((e) => e.items.length > 0).length;
      after = page.nextAfter;
    } while (after && !ctx.signal.aborted);
    const details = { ...about, dryRun: true, wouldSendAtMost, ...personal.summary() };
    ctx.log.info(
      details,
      `dry run: would send ${wouldSendAtMost} digests, ${personal.summary().withHistory} ranked by taste`,
    );
    return { success: true, itemsProcessed: 0, errors: [], details };
  }

  const send = createOnceSender(ctx, payload);
  const toEmail = createDigestEmails(pool, week.label, {
    weekStart: about.contentPeriod.from,
    weekEnd: about.contentPeriod.to,
  });

  let tally = emptyTally();
  let processed = 0;
  let batches = 0;
  let settledEmails = 0;
  // Progress counts every settled email, not whole batches: a run smaller than one page would
  // otherwise show nothing until its end, and the ETA has its size from the first report.
  const report = (done: number) =>
    ctx.progress({
      percent: Math.min(99, Math.floor((done / Math.max(total, 1)) * 100)),
      done,
      total: Math.max(total, done),
      message: `${tally.sent} sent, ${tally.skippedAlreadySent} already sent`,
    });
  let reportedAt = Date.now();
  await report(0);
  ctx.log.info(about, `sending the ${week.label} digest to ${total} recipients`);
  const batchDone = async (part: SendTally, size: number) => {
    tally = addTally(tally, part);
    // Recipients handled: a stop leaves the rest of the batch unattempted, and they are not.
    processed += size - part.notAttempted;
    batches++;
    const level = part.failed + part.rejected > 0 ? 'warn' : 'info';
    ctx.log[level](
      { batch: batches, size, ...part, errors: part.errors.slice(0, 5) },
      `batch ${batches}: ${describeTally(part)} (${processed} of ${total} handled)`,
    );
  };

  // Two batches overlap, and the next page is read while they send, so the email service is
  // never left idle while a batch is claimed or its last sends finish; the sender's limit
  // keeps the requests in flight at `concurrency` across both.
  const inFlight = new Set<Promise<void>>();
  // The next page is read and ranked while the current batches send: its taste query would
  // otherwise leave the email service with one draining batch (bench:digest: personalisation
  // cost 28-41% without this).
  type PlannedPage = { page: RecipientPage; planned: Awaited<ReturnType<typeof itemsOf>> };
  const plannedPageAfter = (after: string | null): Promise<PlannedPage> => {
    const planning = recipients
      .weeklyDigestPage(after, payload.batchSize)
      .then(async (page) => ({ page, planned: await itemsOf(page.recipients) }));
    planning.catch(() => {}); // awaited below; this only keeps a failure from counting as unhandled
    return planning;
  };
  let nextPage: Promise<PlannedPage> | null = plannedPageAfter(null);
  let stoppedBecause = 'every recipient handled';
  while (nextPage) {
    const { page, planned }: PlannedPage = await nextPage;
    if (ctx.signal.aborted) {
      stoppedBecause = 'stopped';
      break;
    }
    nextPage = page.nextAfter ? plannedPageAfter(page.nextAfter) : null;
    if (page.recipients.length === 0) continue;
    for (const { history, items } of planned) personal.note(history, items);
    // Someone who already saw everything in the pool gets no empty email.
    const emails = planned.filter((e) => e.items.length > 0).map(toEmail);
    const nothingNew = planned.length - emails.length;
    if (nothingNew > 0) {
      settledEmails += nothingNew;
      ctx.log.info({ nothingNew }, `${nothingNew} recipients skipped: they already saw every discovery of the week`);
    }
    const batch = send(emails, (count) => {
      settledEmails += count;
      // The figure goes out a few times a second, not once per email (it was an object and a
      // message made per email, for a record written twice a second); each batch's end reports too.
      const now = Date.now();
      if (now - reportedAt < REPORT_EVERY_MS) return;
      reportedAt = now;
      void report(settledEmails);
    }).then(async (part) => {
      await batchDone(part, page.recipients.length);
      void report(settledEmails);
    });
    inFlight.add(batch);
    void batch.finally(() => inFlight.delete(batch)).catch(() => {});
    if (inFlight.size >= 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  // Stopped while the last batches were sending: they left recipients unattempted.
  if (ctx.signal.aborted && tally.notAttempted > 0) stoppedBecause = 'stopped';

  const { errors, ...counts } = tally;
  const details = {
    ...about,
    ...counts,
    ...personal.summary(),
    durationMs: Date.now() - startedAt,
    stoppedBecause,
  };
  ctx.log.info(details, 'weekly digest finished');
  // Transient failures fail the run so that it is retried; the retry sends only what is missing.
  return { success: tally.failed === 0, itemsProcessed: processed, errors, details };
}
