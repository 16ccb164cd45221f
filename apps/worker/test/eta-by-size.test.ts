import { setTimeout as sleep } from 'node:timers/promises';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The ETA of a run much bigger than the runs before it: weekly digests to 98 recipients, then
 * one to 5,049. Estimated from unscaled history it said "1–3 s" until the 5,049 finished
 * much later, and even its late bound was early.
 */
let h: Harness;
const pace = { perSecond: 1000, concurrency: 20 };

async function addRecipients(from: number, to: number) {
  await h.sql`
    WITH added AS (
      INSERT INTO users (clerk_user_id, email)
      SELECT 'user_eta_' || n, 'eta-' || n || '@example.com' FROM generate_series(${from}::int, ${to}::int) AS n
      RETURNING id)
    INSERT INTO email_preferences (user_id, weekly_trending) SELECT id, true FROM added`;
}

/** Polls the job until it is terminal; every running answer is kept with the time it was seen. */
async function watch(id: string, everyMs: number) {
  const seen: Array<{ at: number; job: Awaited<ReturnType<Harness['job']>> }> = [];
  for (;;) {
    const job = await h.job(id);
    if (job.status === 'running') seen.push({ at: Date.now(), job });
    if (['completed', 'failed', 'cancelled'].includes(job.status)) return { final: job, seen };
    await sleep(everyMs);
  }
}

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  const [discovery] = await h.sql`
    INSERT INTO discoveries (url, title, domain, topics, status)
    VALUES ('https://example.org/eta', 'ETA', 'example.org', ${['science']}, 'approved') RETURNING id`;
  await addRecipients(1, 1);
  // Content for the digests of 2026-W41 to W44: one interaction in each week before.
  for (const day of ['2026-09-30', '2026-10-07', '2026-10-14', '2026-10-21']) {
    await h.sql`INSERT INTO user_interactions (user_id, discovery_id, type, created_at)
                SELECT id, ${discovery?.id as string}, 'like', ${new Date(`${day}T12:00:00Z`)} FROM users LIMIT 1`;
  }
}, 30_000);
afterAll(async () => {
  await h?.close();
});

describe('ETA of a run of another size than its history', () => {
  it('a small run shows how far it is before its only batch completes', async () => {
    await addRecipients(2, 98);
    // 98 recipients at 100 a second: about a second, all of it inside one page of 500.
    const id = await h.trigger('weekly_digest', { isoWeek: '2026-W41', perSecond: 100, concurrency: 5 });
    const { final, seen } = await watch(id, 40);
    expect(final.status).toBe('completed');
    const midway = seen.map((s) => s.job.progress).filter((p) => p && p.total === 98 && p.done > 0 && p.done < 98);
    expect(midway.length).toBeGreaterThan(0);
  });

  it("keeps its late bound after the real end and scales its estimate to the run's size", async () => {
    for (const isoWeek of ['2026-W42', '2026-W43']) {
      const id = await h.trigger('weekly_digest', { isoWeek, ...pace });
      expect((await h.waitForStatus(id, 'completed')).result.itemsProcessed).toBe(98);
    }
    await addRecipients(99, 5049);

    const id = await h.trigger('weekly_digest', { isoWeek: '2026-W44', ...pace });
    const { final, seen } = await watch(id, 100);
    expect(final.status).toBe('completed');
    expect(final.result.itemsProcessed).toBe(5049);
    const startedAt = Date.parse(final.startedAt);
    const completedAt = Date.parse(final.completedAt);
    const estimates = seen.map((s) => ({ at: s.at, ...s.job.eta })).filter((e) => e.basis !== 'no history');
    expect(estimates.length).toBeGreaterThan(5);

    // Once the run has said its size, past runs are scaled to it...
    const sized = estimates.filter((e) => e.scaledToItems === 5049);
    expect(sized.length).toBeGreaterThan(0);
    // ...so the first estimate is not the 98-recipient runs' time: at least half the real one.
    const first = sized[0] as { expectedCompletionAt: string };
    expect(Date.parse(first.expectedCompletionAt) - startedAt).toBeGreaterThan((completedAt - startedAt) / 2);
    // The late bound is never before the real end. The slack is the time from the handler's
    // last item to the completion being recorded, which no estimate of the work can see.
    // Before the run says its size there is no late bound at all, never a wrong one.
    const unsized = estimates.filter((e) => e.scaledToItems === null);
    expect(unsized.every((e) => e.high === null)).toBe(true);
    const early = estimates.filter((e) => e.high !== null && Date.parse(e.high) < completedAt - 250);
    expect(early.map((e) => ({ seenAt: e.at - startedAt, high: Date.parse(e.high) - startedAt }))).toEqual([]);
  }, 60_000);
});
