import { runJob } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createJobWorld, type JobWorld } from '../../test/job-world.ts';
import { submissionNotifications } from './index.ts';
import { type Submission, seedReviewedSubmissions } from './test-data.ts';

let world: JobWorld;
let items: Record<Submission, string>;

beforeAll(async () => {
  world = await createJobWorld();
  const [reviewer] = await world.sql`
    INSERT INTO users (clerk_user_id, email, role) VALUES ('user_mod', 'mod@example.com', 'moderator') RETURNING id`;
  ({ items } = await seedReviewedSubmissions(world.sql, reviewer?.id as string));
});
afterAll(async () => {
  await world?.close();
});

const run = (payload: z.input<typeof submissionNotifications.payload> = {}) =>
  runJob(submissionNotifications, payload, world.depsFor(submissionNotifications), { sql: world.sql });
const sent = () => world.email.sent.filter((e) => e.emailType.startsWith('submission-'));

describe('submission_notifications (handler)', () => {
  it('emails each reachable submitter whose item was reviewed, as their preferences allow', async () => {
    const { jobId, result, logs } = await run();
    // i1, i2, i3, i4, i8 were reviewed in the window; i5's submitter is deleted, i6 is pending, i7 too old.
    expect(result.details).toMatchObject({ reviewed: 5, skippedByPreference: 2, sent: 3, failed: 0 });
    expect(
      sent()
        .map((e) => [e.idempotencyKey, e.emailType, e.recipientEmail])
        .sort(),
    ).toEqual(
      [
        [`submission_notifications:${items.i1}:approved`, 'submission-approved', 'sub1@example.com'],
        [`submission_notifications:${items.i2}:rejected`, 'submission-rejected', 'sub2@example.com'],
        [`submission_notifications:${items.i8}:rejected`, 'submission-rejected', 'sub1@example.com'],
      ].sort(),
    );
    expect(sent().every((e) => e.schedulerJobId === jobId)).toBe(true);
    const byKey = (item: Submission, status: string) =>
      sent().find((e) => e.idempotencyKey === `submission_notifications:${items[item]}:${status}`)?.templateData;
    expect(byKey('i1', 'approved')).toEqual({ submissionUrl: 'https://example.net/i1', submissionTitle: 'Item i1' });
    expect(byKey('i2', 'rejected')).toEqual({
      submissionUrl: 'https://example.net/i2',
      submissionTitle: 'Item i2',
      reason: 'Duplicate of an existing discovery',
    });
    expect(byKey('i8', 'rejected')).not.toHaveProperty('reason');
    // Each email is settled in the ledger under its run.
    const ledger = await world.sql`SELECT key, status, job_id FROM side_effect_ledger ORDER BY key`;
    expect(ledger.map((r) => [r.status, r.job_id])).toEqual(Array(3).fill(['done', jobId]));
    expect(logs.at(-1)?.message).toBe('finished: 5 reviewed submissions (every reviewed item handled)');
  });

  it('sends each notification once however often it runs, and again only for a new outcome', async () => {
    const again = await run();
    expect(again.result.details).toMatchObject({ sent: 0, skippedAlreadySent: 3 });

    // A moderator reverses a decision: that is news, and it is sent once.
    await world.sql`UPDATE moderation_queue SET status = 'rejected', reviewed_at = now() WHERE id = ${items.i1 as string}`;
    const third = await run();
    expect(third.result.details).toMatchObject({ sent: 1, skippedAlreadySent: 2 });
    expect(sent().filter((e) => e.recipientEmail === 'sub1@example.com')).toHaveLength(3);
  });

  it('dryRun counts and sends nothing', async () => {
    const before = world.email.counters.requests;
    const { result } = await run({ dryRun: true, since: new Date(Date.now() - 60 * 86_400_000).toISOString() });
    expect(result.details).toMatchObject({ dryRun: true, reviewed: 6, skippedByPreference: 2, wouldSendAtMost: 4 });
    expect(world.email.counters.requests).toBe(before);
  });
});
