// Shared by every emailing job type: each email sent once, through the side-effect ledger.
import { setMaxListeners } from 'node:events';
import pThrottle from 'p-throttle';
import { z } from 'zod';
import { errorMessage, ServiceCallError } from './errors.ts';
import type { EmailMessage } from './services/email.ts';
import type { JobContext } from './types.ts';

/** Payload fields every email job takes: how hard it may push the email service. */
export const sendingPace = {
  /** Requests to the email service in flight at once. */
  concurrency: z.int().min(1).max(500).default(20),
  /** Emails per second at most, over the whole run. */
  perSecond: z.int().min(1).max(100_000).default(200),
};

/** `{ firstName }` for templates that greet by name, or nothing when the name is unknown. */
export function firstNameOf(fullName: string | null): { firstName?: string } {
  const first = fullName?.trim().split(/\s+/)[0];
  return first ? { firstName: first } : {};
}

export interface OnceEmail {
  /** Ledger key and Idempotency-Key, e.g. weekly_digest:<userId>:<isoWeek>. */
  key: string;
  message: EmailMessage;
}

/** What happened to a batch of emails; the counts add up to the number of emails given. */
export interface SendTally {
  sent: number;
  /** Sent by an earlier run (or an earlier try of this one) and confirmed. */
  skippedAlreadySent: number;
  /** Claimed by another run that is still going; that run sends them. */
  heldByAnotherRun: number;
  /** Of `sent`: claimed before but never confirmed, so sent again under the same key. */
  resentUnconfirmed: number;
  /** Refused by the email service (4xx): retrying this run will not help. */
  rejected: number;
  /** Not sent after the client's retries (5xx, timeouts, network): a retry of the job may. */
  failed: number;
  /** Not attempted because the run was stopped; released for the next run. */
  notAttempted: number;
  errors: string[];
}

export const emptyTally = (): SendTally => ({
  sent: 0,
  skippedAlreadySent: 0,
  heldByAnotherRun: 0,
  resentUnconfirmed: 0,
  rejected: 0,
  failed: 0,
  notAttempted: 0,
  errors: [],
});

export function addTally(total: SendTally, part: SendTally, maxErrors = 50): SendTally {
  return {
    sent: total.sent + part.sent,
    skippedAlreadySent: total.skippedAlreadySent + part.skippedAlreadySent,
    heldByAnotherRun: total.heldByAnotherRun + part.heldByAnotherRun,
    resentUnconfirmed: total.resentUnconfirmed + part.resentUnconfirmed,
    rejected: total.rejected + part.rejected,
    failed: total.failed + part.failed,
    notAttempted: total.notAttempted + part.notAttempted,
    errors: [...total.errors, ...part.errors].slice(0, maxErrors),
  };
}

/** A tally in words for a job's log, e.g. "48 sent, 2 skipped: already sent by an earlier run". */
export function describeTally(tally: SendTally): string {
  const parts = [`${tally.sent} sent`];
  if (tally.resentUnconfirmed)
    parts.push(`${tally.resentUnconfirmed} of them again: an earlier try never confirmed them`);
  if (tally.skippedAlreadySent) parts.push(`${tally.skippedAlreadySent} skipped: already sent by an earlier run`);
  if (tally.heldByAnotherRun) parts.push(`${tally.heldByAnotherRun} skipped: another run is sending them`);
  if (tally.rejected) parts.push(`${tally.rejected} refused by the email service`);
  if (tally.failed) parts.push(`${tally.failed} failed after retries (a retry of the job sends them)`);
  if (tally.notAttempted) parts.push(`${tally.notAttempted} not attempted: the run was stopped`);
  return parts.join(', ');
}

/** What became of one email's request. */
type Attempt =
  | { outcome: 'sent'; emailId: string }
  | { outcome: 'failed'; error: unknown }
  /** Stopped while its request was out: it may have been sent. */
  | { outcome: 'stopped' }
  /** Never sent: the run was stopped before its turn. */
  | { outcome: 'unstarted' };

/** How hard a run may push the email service: the payload fields of `sendingPace`. */
export interface SendingPace {
  /** Requests to the email service in flight at once. */
  concurrency: number;
  /** Emails per second at most, over the whole run. */
  perSecond: number;
}

/**
 * Sends emails so that each goes out once in effect: every key is claimed in the ledger
 * before its send and confirmed after (the side-effect ledger of @scheduler/db). One sender serves one run;
 * its rate limit spans every batch of that run.
 *
 * The requests go out through `concurrency` lanes that take the run's claimed emails in order,
 * batch after batch. A lane is a loop, not a promise per email: a batch's waiting emails are
 * only entries of its array, where a promise and a limiter's closure per email (p-limit under
 * Promise.all) lived until the email's turn and were most of what each young garbage
 * collection of a digest had to copy (bench:digest).
 */
export function createOnceSender(ctx: JobContext<'email' | 'ledger'>, { concurrency, perSecond }: SendingPace) {
  const { jobId, signal } = ctx;
  const { email, ledger } = ctx.deps;
  // Each request in flight listens to the run's signal, to stop when the run is cancelled: up to
  // `concurrency` listeners at once, which Node would otherwise report as a leak past 10.
  setMaxListeners(2 * concurrency + 16, signal);
  const paced = pThrottle({ ...throttleWindow(perSecond), signal })(() => undefined);

  /** A batch whose claimed emails are sent by the lanes: `next` is its first email not yet taken. */
  interface Sending {
    toSend: readonly OnceEmail[];
    next: number;
    /** What became of one of its emails, after its request. */
    settle(e: OnceEmail, attempted: Attempt): Promise<void>;
  }
  /** Batches with emails no lane has taken yet, oldest first. */
  const waiting: Sending[] = [];
  let lanes = 0;

  const openLanes = () => {
    while (lanes < concurrency && waiting.length > 0) {
      lanes++;
      void lane();
    }
  };

  /**
   * Takes emails in order and sends each; the slot is free again when the service answers, not
   * after the email's ledger write: holding it through the confirmation cost a third of the
   * digest's speed (bench:digest). The price is that a crash may leave, besides the requests in
   * flight, the emails sent during one confirmation's wait and round trip (the ledger gathers
   * confirmations for 10 ms) unconfirmed, to be sent again under the same idempotency key.
   */
  async function lane(): Promise<void> {
    for (let batch = waiting[0]; batch !== undefined; batch = waiting[0]) {
      const e = batch.toSend[batch.next++] as OnceEmail;
      if (batch.next === batch.toSend.length) waiting.shift();
      void batch.settle(e, await attempt(e));
    }
    lanes--;
  }

  /** The request alone, inside a lane. */
  async function attempt(e: OnceEmail): Promise<Attempt> {
    try {
      if (signal.aborted) throw signal.reason;
      await paced();
    } catch {
      return { outcome: 'unstarted' };
    }
    try {
      const { emailId } = await email.send(e.message, { jobId, idempotencyKey: e.key, signal });
      return { outcome: 'sent', emailId };
    } catch (error) {
      return { outcome: signal.aborted ? 'stopped' : 'failed', error };
    }
  }

  /**
   * `onSettled(n)` hears, as the batch goes, that n more of its emails are settled (sent,
   * skipped, failed or put back), so a run can show progress inside a batch.
   */
  return async function sendBatch(
    emails: readonly OnceEmail[],
    onSettled: (count: number) => void = () => {},
  ): Promise<SendTally> {
    const tally = emptyTally();
    const kind = (e: OnceEmail) => `email:${e.message.emailType}`;
    const claim = await ledger.claim(
      jobId,
      emails.map((e) => ({ key: e.key, kind: kind(e) })),
    );
    tally.skippedAlreadySent = claim.alreadyDone;
    tally.heldByAnotherRun = claim.heldElsewhere;
    if (claim.alreadyDone + claim.heldElsewhere > 0) onSettled(claim.alreadyDone + claim.heldElsewhere);
    const repeated = new Set(claim.repeated);
    const unstarted: string[] = [];

    let toSend = emails;
    if (claim.claimed.length !== emails.length) {
      const claimed = new Set(claim.claimed);
      toSend = emails.filter((e) => claimed.has(e.key));
    }
    if (toSend.length > 0) {
      await new Promise<void>((resolve, reject) => {
        let left = toSend.length;
        waiting.push({
          toSend,
          next: 0,
          // A failed ledger write fails the batch at once; its other emails still settle.
          settle: (e, attempted) =>
            settle(e, attempted)
              .then(() => {
                onSettled(1);
                if (--left === 0) resolve();
              })
              .catch(reject),
        });
        openLanes();
      });
    }
    tally.notAttempted += await ledger.release(jobId, unstarted);
    return tally;

    async function settle(e: OnceEmail, attempted: Attempt): Promise<void> {
      switch (attempted.outcome) {
        case 'unstarted':
          unstarted.push(e.key);
          return;
        case 'stopped':
          // Stopped mid-request: whether it was sent is unknown, so the claim stays and
          // the next try of this job sends it again under the same key.
          tally.notAttempted++;
          return;
        case 'sent':
          await ledger.confirm(jobId, e.key, attempted.emailId);
          tally.sent++;
          if (repeated.has(e.key)) tally.resentUnconfirmed++;
          return;
        case 'failed': {
          const message = errorMessage(attempted.error);
          await ledger.fail(jobId, e.key, message);
          if (isPermanent(attempted.error)) tally.rejected++;
          else tally.failed++;
          if (tally.errors.length < 50) tally.errors.push(`user ${e.message.userId}: ${message}`);
        }
      }
    }
  };
}

/**
 * p-throttle's window for `perSecond`: one email per 1000/perSecond ms below 200/s, and above
 * that a few per window so that windows stay at least 5 ms (timers are not finer). Exact at
 * any rate, and smooth: no burst at the start of every second.
 */
export function throttleWindow(perSecond: number): { limit: number; interval: number } {
  const limit = Math.max(1, Math.floor(perSecond / 200));
  return { limit, interval: (1000 * limit) / perSecond };
}

/** A 4xx other than 408/429 means the request itself is wrong; sending it again cannot help. */
const isPermanent = (error: unknown) =>
  error instanceof ServiceCallError &&
  error.status !== undefined &&
  error.status >= 400 &&
  error.status < 500 &&
  error.status !== 408 &&
  error.status !== 429;
