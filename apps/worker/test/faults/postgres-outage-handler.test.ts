import { waitFor } from '@scheduler/testing';
import { faultTest as it } from '@scheduler/testing/harness';
import { describe, expect } from 'vitest';

// Issue 21, finding 9: a Postgres outage inside a handler (its own queries refused or reset)
// was a failed attempt followed by the type's backoff. It must postpone the job without
// spending an attempt, and the job must run again within seconds of the heal. A weekly digest
// writes a ledger row per recipient, so the cut lands in its own queries; every recipient must
// still get exactly one email.
const RECIPIENTS = 300;
const CUT_MS = 3000;
// The world's harness overrides no job type: weekly_digest as the catalogue has it, 3 attempts,
// and a spent one waits out a 60 s backoff.

describe('Postgres cut while a handler runs its own queries', () => {
  it('postpones the job without spending an attempt and resumes within seconds of the heal', async ({ world }) => {
    const { h, proxy } = world;
    await h.sql`
      INSERT INTO users (clerk_user_id, email)
      SELECT 'user_' || g, 'reader' || g || '@example.com' FROM generate_series(1, ${RECIPIENTS}) g`;
    await h.sql`INSERT INTO email_preferences (user_id, weekly_trending) SELECT id, true FROM users`;
    const [d] = await h.sql`
      INSERT INTO discoveries (url, title, domain, status) VALUES ('https://example.org/a', 'A', 'example.org', 'approved')
      RETURNING id`;
    await h.sql`INSERT INTO user_interactions (discovery_id, type, created_at)
                VALUES (${d?.id as string}, 'like', '2026-09-23T12:00:00Z')`;
    h.email.behaviour.latencyMs = 10;

    await h.spawnWorker({ DATABASE_URL: proxy.url(h.db.url) });
    const id = await h.trigger('weekly_digest', { isoWeek: '2026-W40', batchSize: 25, concurrency: 5, perSecond: 150 });
    await waitFor('a quarter of the digests to go out', async () => h.email.sent.length >= RECIPIENTS / 4, {
      timeoutMs: 20_000,
    });
    proxy.cut('reset');
    await new Promise((resolve) => setTimeout(resolve, CUT_MS));
    const healedAt = Date.now();
    proxy.heal();

    // Back at work within a few seconds: the attempt starts again, not after a 60 s backoff.
    const restarted = await waitFor(
      'the job to start again after the heal',
      async () => {
        const [row] = await h.sql`
          SELECT at FROM job_events WHERE job_id = ${id} AND kind = 'started' ORDER BY id DESC LIMIT 1 OFFSET 1`;
        return row?.at as Date | undefined;
      },
      { timeoutMs: 10_000 },
    ).catch(async (error: Error) => {
      // What the job went through instead, to tell why from a CI log.
      const events = await h.sql`
        SELECT kind, at, data FROM job_events WHERE job_id = ${id} AND kind NOT IN ('progress', 'log') ORDER BY id`;
      const logs = await h.sql`SELECT at, level, message FROM job_logs WHERE job_id = ${id} ORDER BY id DESC LIMIT 15`;
      error.message += `\nhealed at ${new Date(healedAt).toISOString()}\nevents: ${JSON.stringify(events)}\nlast log lines: ${JSON.stringify(logs.reverse())}`;
      throw error;
    });
    const done = await h.waitForStatus(id, ['completed', 'failed'], 30_000);
    expect(done).toMatchObject({ status: 'completed', attempts: 1, error: null });
    expect(restarted.getTime() - healedAt).toBeLessThan(4000);
    // The postponed attempt is off the record: one attempt, the first, completed.
    expect(done.attemptHistory).toMatchObject([{ number: 1, reason: 'first', outcome: 'completed' }]);
    const kinds =
      await h.sql`SELECT kind, data FROM job_events WHERE job_id = ${id} AND kind NOT IN ('progress', 'log') ORDER BY id`;
    expect(kinds.map((e) => e.kind)).toEqual(['created', 'started', 'retried', 'started', 'completed']);
    expect(kinds[2]?.data.error).toMatch(/Postgres went away/);

    // Exactly once, whatever the cut interrupted.
    const everyone = (await h.sql`SELECT id FROM users`).map((r) => r.id as string).sort();
    const received = h.email.sent.filter((e) => e.emailType === 'weekly-trending').map((e) => e.userId);
    expect(received).toHaveLength(RECIPIENTS);
    expect([...new Set(received)].sort()).toEqual(everyone);
  });
});
