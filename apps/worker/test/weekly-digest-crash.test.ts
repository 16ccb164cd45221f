import { once } from 'node:events';
import { waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const RECIPIENTS = 400;
const WEEK = '2026-W40';
let h: Harness;

beforeEach(async () => {
  h = await createHarness();
  await h.sql`
    INSERT INTO users (clerk_user_id, email)
    SELECT 'user_' || g, 'reader' || g || '@example.com' FROM generate_series(1, ${RECIPIENTS}) g`;
  await h.sql`INSERT INTO email_preferences (user_id, weekly_trending) SELECT id, true FROM users`;
  const [d] = await h.sql`
    INSERT INTO discoveries (url, title, domain, status) VALUES ('https://example.org/a', 'A', 'example.org', 'approved')
    RETURNING id`;
  await h.sql`INSERT INTO user_interactions (discovery_id, type, created_at)
              VALUES (${d?.id as string}, 'like', '2026-09-23T12:00:00Z')`;
  // More of the week's content, and a taste for half the readers, so that emails differ by
  // reader: a resend after the crash must carry the same items as the first try.
  const more = await h.sql`
    INSERT INTO discoveries (url, title, domain, topics, status)
    SELECT 'https://example.org/t' || g, 'T' || g, 'example.org', ARRAY[CASE WHEN g % 2 = 0 THEN 'art' ELSE 'science' END], 'approved'
    FROM generate_series(1, 6) g RETURNING id, topics`;
  for (const [i, row] of more.entries()) {
    await h.sql`INSERT INTO user_interactions (discovery_id, type, created_at)
                SELECT ${row.id as string}, 'share', '2026-09-24T12:00:00Z' FROM generate_series(1, ${i + 1})`;
  }
  const [old] = await h.sql`
    INSERT INTO discoveries (url, title, domain, topics, status)
    VALUES ('https://example.org/old-art', 'old art', 'example.org', ARRAY['art'], 'approved') RETURNING id`;
  await h.sql`INSERT INTO user_interactions (user_id, discovery_id, type, created_at)
              SELECT id, ${old?.id as string}, 'like', '2026-09-10T12:00:00Z' FROM users WHERE clerk_user_id ~ '[02468]$'`;
  // Slow enough that the worker is killed with sends in flight and batches still to come.
  h.email.behaviour.latencyMs = 15;
});
afterEach(async () => {
  await h?.close();
});

const slowDigest = { isoWeek: WEEK, batchSize: 25, concurrency: 5, perSecond: 150 };

/** Every recipient received exactly one digest: no one twice, no one skipped. */
async function expectEachRecipientOnce() {
  const everyone = (await h.sql`SELECT id FROM users`).map((r) => r.id as string).sort();
  const received = h.email.sent.filter((e) => e.emailType === 'weekly-trending').map((e) => e.userId);
  expect(received).toHaveLength(RECIPIENTS);
  expect([...new Set(received)].sort()).toEqual(everyone);
  const ledger = await h.sql`SELECT status, count(*)::int AS n FROM side_effect_ledger GROUP BY status`;
  expect(ledger).toEqual([{ status: 'done', n: RECIPIENTS }]);
}

async function killMidRun(more: Record<string, string> = {}) {
  const doomed = await h.spawnWorker(more);
  const id = await h.trigger('weekly_digest', slowDigest);
  await waitFor('a quarter of the digests to go out', async () => h.email.sent.length >= RECIPIENTS / 4, {
    timeoutMs: 20_000,
  });
  doomed.kill('SIGKILL');
  await once(doomed, 'exit');
  expect(h.email.sent.length).toBeLessThan(RECIPIENTS);
  return id;
}

describe('weekly_digest when its worker is killed mid-run', () => {
  it('resumes on another worker and emails each recipient exactly once', async () => {
    const id = await killMidRun();
    await h.startWorker();
    const done = await h.waitForStatus(id, 'completed', 40_000);

    await expectEachRecipientOnce();
    const details = done.result.details;
    // The resumed attempt skipped what the killed one had confirmed and sent the rest.
    expect(details.sent + details.skippedAlreadySent).toBe(RECIPIENTS);
    expect(details.skippedAlreadySent).toBeGreaterThanOrEqual(RECIPIENTS / 4 - 10);
    // Emails sent but not yet confirmed when the worker died went again under the same key,
    // and the email service recognised each repeat.
    expect(h.email.counters.replayed).toBeLessThanOrEqual(details.resentUnconfirmed);
    // Those can only be the sends in flight at the kill, and those sent while a confirmation
    // was on its way (a slot is freed when the service answers): at 150/s, what goes out in
    // the 100 ms a confirmation takes at most here.
    expect(h.email.counters.replayed).toBeLessThanOrEqual(
      slowDigest.concurrency + Math.ceil(slowDigest.perSecond * 0.1),
    );
    // Every repeat carried the very email of the first try: (reader, week) picks the same items.
    expect(h.email.counters.replayedWithOtherContent).toBe(0);
    // And the emails did differ by reader: art fans got T4 second, the others T5.
    const second = new Set(
      h.email.sent.map((e) => (e.templateData?.discoveries as Array<{ title: string }> | undefined)?.[1]?.title),
    );
    expect([...second].sort()).toEqual(['T4', 'T5']);
  });

  it('when the killed run is failed instead, a new run in the same week finishes the job without duplicates', async () => {
    const first = await killMidRun({ WORKER_MAX_STALLED_COUNT: '0' });
    await h.startWorker({ WORKER_MAX_STALLED_COUNT: '0', RECONCILE_INTERVAL_MS: '500' });
    await h.waitForStatus(first, 'failed', 20_000);

    // The failed run's unconfirmed claims can be taken over at once: it will never confirm them.
    const second = await h.trigger('weekly_digest', { ...slowDigest, perSecond: 1000 });
    const done = await h.waitForStatus(second, 'completed', 40_000);
    expect(done.result.details.heldByAnotherRun).toBe(0);
    await expectEachRecipientOnce();
  });
});

describe('weekly_digest cancelled mid-run', () => {
  it('stops at its next batch with what it did, and the next run sends the rest, nobody twice', async () => {
    await h.startWorker();
    const first = await h.trigger('weekly_digest', slowDigest);
    await waitFor('some digests to go out', async () => h.email.sent.length >= RECIPIENTS / 4, { timeoutMs: 20_000 });
    const res = await h.api.inject({
      method: 'POST',
      url: `/api/jobs/${first}/cancel`,
      headers: { authorization: 'Bearer test-service-key-0123456789abcdef' },
    });
    expect(res.statusCode).toBe(202);
    const cancelled = await h.waitForStatus(first, 'cancelled', 15_000);
    expect(cancelled.result.details).toMatchObject({ stoppedBecause: 'stopped' });
    expect(cancelled.result.details.sent).toBeLessThan(RECIPIENTS);
    // Claims it never acted on were handed back, not left to wait out their lease.
    const [{ n: stillClaimed }] = (await h.sql`
      SELECT count(*)::int AS n FROM side_effect_ledger WHERE status = 'claimed'`) as unknown as [{ n: number }];
    expect(stillClaimed).toBeLessThanOrEqual(slowDigest.concurrency);

    const second = await h.trigger('weekly_digest', { ...slowDigest, perSecond: 1000 });
    const done = await h.waitForStatus(second, 'completed', 40_000);
    expect(done.result.details.heldByAnotherRun).toBe(0);
    await expectEachRecipientOnce();
  });
});

describe('weekly_digest cancelled during its only batch', () => {
  it('says it stopped, and counts only the recipients it handled', async () => {
    await h.startWorker();
    // One page for everyone, sent slowly: the stop lands while that batch sends.
    const id = await h.trigger('weekly_digest', { ...slowDigest, batchSize: RECIPIENTS, perSecond: 50 });
    await waitFor('some digests to go out', async () => h.email.sent.length >= 20, { timeoutMs: 20_000 });
    const res = await h.api.inject({
      method: 'POST',
      url: `/api/jobs/${id}/cancel`,
      headers: { authorization: 'Bearer test-service-key-0123456789abcdef' },
    });
    expect(res.statusCode).toBe(202);
    const cancelled = await h.waitForStatus(id, 'cancelled', 15_000);
    const { details, itemsProcessed } = cancelled.result;
    expect(details.stoppedBecause).toBe('stopped');
    expect(details.notAttempted).toBeGreaterThan(0);
    // Sent (or found sent) by this run, and nothing it never attempted.
    expect(itemsProcessed).toBe(RECIPIENTS - details.notAttempted - details.failed - details.rejected);
    expect(itemsProcessed).toBeLessThan(RECIPIENTS);
  });
});
