import type { Recipient, RecipientPage, TopDiscovery, UserAffinity } from '@scheduler/db';
import { z } from 'zod';
import { type IsoWeek, isoDate, isoWeekOf, parseIsoWeek } from '../iso-week.ts';
import { createRecommender, DEFAULT_RECOMMEND, hasHistory } from '../recommend.ts';
import {
  addTally,
  createOnceSender,
  describeTally,
  emptyTally,
  firstNameOf,
  type OnceEmail,
  type SendTally,
  sendingPace,
} from '../send-once.ts';
import type { WeeklyTrendingData } from '../services/email-templates.ts';
import { serialiseOnce } from '../services/reused-json.ts';
import { defineJob, type JobContext, type JobResult } from '../types.ts';

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
type WeeklyDigestPayload = z.output<typeof weeklyDigestPayload>;

/** The week's most engaging discoveries each recipient's items are chosen from. */
const POOL_SIZE = 300;
/** Whose taste counts: likes, saves and shares of the last 90 days, halved every 14 days of age. */
const TASTE = { lookBackDays: 90, halfLifeDays: 14 };

/** How personal a run was: who had a history, who got the week's top, what topics went out. */
function createPersonalStats() {
  let withHistory = 0;
  let fallback = 0;
  let nothingNew = 0;
  const itemsPerTopic: Record<string, number> = {};
  return {
    note(history: boolean, items: readonly TopDiscovery[]) {
      if (items.length === 0) nothingNew++;
      else if (history) withHistory++;
      else fallback++;
      for (const item of items) {
        const topic = item.topics[0] ?? '(none)';
        itemsPerTopic[topic] = (itemsPerTopic[topic] ?? 0) + 1;
      }
    },
    summary: () => ({ withHistory, fallback, nothingNew, itemsPerTopic }),
  };
}

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
  schedule: {
    cron: '0 9 * * 1',
    description: 'Email the weekly trending digest to opted-in users.',
  },
  handler: runWeeklyDigest,
});

async function runWeeklyDigest(
  payload: WeeklyDigestPayload,
  ctx: JobContext<'recipients' | 'trending' | 'affinities' | 'email' | 'ledger'>,
): Promise<JobResult> {
  const { recipients, trending, affinities } = ctx.deps;
  const startedAt = Date.now();
  const week = payload.isoWeek ? (parseIsoWeek(payload.isoWeek) as IsoWeek) : isoWeekOf(new Date());
  // The content is the full week before the one being sent for: it is closed, so every
  // batch, retry and resumed run of this week's digest picks the same discoveries.
  const period = { from: new Date(week.start.getTime() - 7 * 86_400_000), to: week.start };
  const pool = await trending.topOfPeriod(period.from, period.to, POOL_SIZE);
  const total = await recipients.countWeeklyDigest();
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

  // Each page's tastes in one query, then each recipient's items from the pool in memory. All
  // of it is bounded by the week's start, so a retry or a resumed run picks the same items.
  const personal = createPersonalStats();
  const recommendFor = createRecommender(pool, { ...DEFAULT_RECOMMEND, count: payload.topCount });
  const itemsOf = async (page: readonly Recipient[]) => {
    const tastes = payload.personalise
      ? await affinities.ofUsers(
          page.map((r) => r.userId),
          pool.map((d) => d.id),
          { to: period.to, ...TASTE },
        )
      : new Map<string, UserAffinity>();
    return page.map((r) => {
      const taste = tastes.get(r.userId);
      const items = recommendFor(taste);
      return { recipient: r, items, history: hasHistory(taste) };
    });
  };

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
  const periodDates = { weekStart: about.contentPeriod.from, weekEnd: about.contentPeriod.to };
  // Each discovery as the template shows it (without its score), made and serialised once for
  // every email that carries it.
  const shown = new Map(pool.map(({ score: _score, ...discovery }) => [discovery.id, serialiseOnce(discovery)]));
  const toEmail = ({ recipient: r, items }: { recipient: Recipient; items: readonly TopDiscovery[] }): OnceEmail => ({
    key: `weekly_digest:${r.userId}:${week.label}`,
    message: {
      userId: r.userId,
      emailType: 'weekly-trending',
      recipientEmail: r.email,
      templateData: {
        discoveries: items.map((item) => shown.get(item.id) as Omit<TopDiscovery, 'score'>),
        ...periodDates,
        email: r.email,
        ...firstNameOf(r.fullName),
      } satisfies WeeklyTrendingData,
    },
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
      void report(settledEmails);
    }).then((part) => batchDone(part, page.recipients.length));
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
