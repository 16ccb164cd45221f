import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: Harness;
const u: Record<string, string> = {};
const items: Record<string, string> = {};

async function addUser(
  name: string,
  role = 'user',
  opts: {
    fullName?: string;
    deleted?: boolean;
    prefs?: { submission_updates?: boolean; unsubscribed_all?: boolean };
  } = {},
) {
  const [row] = await h.sql`
    INSERT INTO users (clerk_user_id, email, full_name, role, deleted_at)
    VALUES (${`user_${name}`}, ${`${name}@example.com`}, ${opts.fullName ?? null}, ${role},
            ${opts.deleted ? new Date() : null})
    RETURNING id`;
  u[name] = row?.id as string;
  if (opts.prefs) {
    await h.sql`INSERT INTO email_preferences (user_id, submission_updates, unsubscribed_all)
                VALUES (${u[name] as string}, ${opts.prefs.submission_updates ?? true}, ${opts.prefs.unsubscribed_all ?? false})`;
  }
}

async function addItem(
  name: string,
  submitter: string,
  status: string,
  reviewedDaysAgo: number | null,
  notes?: string,
) {
  const [row] = await h.sql`
    INSERT INTO moderation_queue (url, title, domain, submitted_by, status, reviewed_by, reviewed_at, review_notes, created_at)
    VALUES (${`https://example.net/${name}`}, ${`Item ${name}`}, 'example.net', ${u[submitter] as string}, ${status},
            ${reviewedDaysAgo === null ? null : (u.mod as string)},
            ${reviewedDaysAgo === null ? null : new Date(Date.now() - reviewedDaysAgo * 86_400_000)},
            ${notes ?? null}, now() - interval '40 days')
    RETURNING id`;
  items[name] = row?.id as string;
}

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  await addUser('mod', 'moderator');
  await addUser('adm', 'admin', { fullName: 'Grace Hopper' });
  await addUser('sup', 'super_admin', { prefs: { unsubscribed_all: true } });
  await addUser('gone', 'admin', { deleted: true });
  await addUser('sub1', 'user', { prefs: { submission_updates: true } });
  await addUser('sub2'); // no preferences row: a reply to their own submission is allowed
  await addUser('sub3', 'user', { prefs: { submission_updates: false } });
  await addUser('sub4', 'user', { prefs: { unsubscribed_all: true } });
  await addUser('sub5', 'user', { deleted: true });

  await addItem('i1', 'sub1', 'approved', 1);
  await addItem('i2', 'sub2', 'rejected', 2, 'Duplicate of an existing discovery');
  await addItem('i3', 'sub3', 'approved', 1);
  await addItem('i4', 'sub4', 'approved', 1);
  await addItem('i5', 'sub5', 'approved', 1);
  await addItem('i6', 'sub1', 'pending', null);
  await addItem('i7', 'sub1', 'approved', 30);
  await addItem('i8', 'sub1', 'rejected', 3);
  await h.sql`
    INSERT INTO content_reports (reported_by, reason, status, created_at) VALUES
      (${u.sub1 as string}, 'spam', 'pending', '2026-11-20T08:00:00Z'),
      (${u.sub2 as string}, 'broken link', 'pending', '2026-11-25T08:00:00Z'),
      (${u.sub2 as string}, 'spam', 'resolved', '2026-11-01T08:00:00Z')`;
});
afterAll(async () => {
  await h?.close();
});

const sentOfType = (type: string) => h.email.sent.filter((e) => e.emailType.startsWith(type));

describe('submission_notifications', () => {
  it('emails each reachable submitter whose item was reviewed, as their preferences allow', async () => {
    const id = await h.trigger('submission_notifications', {});
    const done = await h.waitForStatus(id, 'completed');
    // i1, i2, i3, i4, i8 were reviewed in the window; i5's submitter is deleted, i6 is pending, i7 too old.
    expect(done.result.details).toMatchObject({ reviewed: 5, skippedByPreference: 2, sent: 3, failed: 0 });
    const sent = sentOfType('submission-');
    expect(sent.map((e) => [e.idempotencyKey, e.emailType, e.recipientEmail]).sort()).toEqual(
      [
        [`submission_notifications:${items.i1}:approved`, 'submission-approved', 'sub1@example.com'],
        [`submission_notifications:${items.i2}:rejected`, 'submission-rejected', 'sub2@example.com'],
        [`submission_notifications:${items.i8}:rejected`, 'submission-rejected', 'sub1@example.com'],
      ].sort(),
    );
    const byKey = (item: string, status: string) =>
      sent.find((e) => e.idempotencyKey === `submission_notifications:${items[item]}:${status}`)?.templateData;
    expect(byKey('i1', 'approved')).toEqual({ submissionUrl: 'https://example.net/i1', submissionTitle: 'Item i1' });
    expect(byKey('i2', 'rejected')).toEqual({
      submissionUrl: 'https://example.net/i2',
      submissionTitle: 'Item i2',
      reason: 'Duplicate of an existing discovery',
    });
    expect(byKey('i8', 'rejected')).not.toHaveProperty('reason');
  });

  it('sends each notification once however often it runs, and again only for a new outcome', async () => {
    const again = await h.waitForStatus(await h.trigger('submission_notifications', {}), 'completed');
    expect(again.result.details).toMatchObject({ sent: 0, skippedAlreadySent: 3 });

    // A moderator reverses a decision: that is news, and it is sent once.
    await h.sql`UPDATE moderation_queue SET status = 'rejected', reviewed_at = now() WHERE id = ${items.i1 as string}`;
    const third = await h.waitForStatus(await h.trigger('submission_notifications', {}), 'completed');
    expect(third.result.details).toMatchObject({ sent: 1, skippedAlreadySent: 2 });
    expect(sentOfType('submission-').filter((e) => e.recipientEmail === 'sub1@example.com')).toHaveLength(3);
  });

  it('dryRun counts and sends nothing', async () => {
    const before = h.email.counters.requests;
    const done = await h.waitForStatus(
      await h.trigger('submission_notifications', {
        dryRun: true,
        since: new Date(Date.now() - 60 * 86_400_000).toISOString(),
      }),
      'completed',
    );
    expect(done.result.details).toMatchObject({
      dryRun: true,
      reviewed: 6,
      skippedByPreference: 2,
      wouldSendAtMost: 4,
    });
    expect(h.email.counters.requests).toBe(before);
  });
});

describe('moderation_updates', () => {
  it('sends each moderator and admin one summary of what waits for them', async () => {
    const done = await h.waitForStatus(await h.trigger('moderation_updates', { date: '2026-11-28' }), 'completed');
    expect(done.result.details).toMatchObject({ pendingSubmissions: 1, openReports: 2, staff: 2, sent: 2 });
    const sent = sentOfType('moderation-digest');
    expect(sent.map((e) => e.userId).sort()).toEqual([u.mod, u.adm].sort());
    expect(sent.find((e) => e.userId === u.adm)?.templateData).toEqual({
      date: '2026-11-28',
      pendingSubmissions: 1,
      openReports: 2,
      oldestSubmissionAt: expect.any(String),
      oldestReportAt: '2026-11-20T08:00:00.000Z',
      email: 'adm@example.com',
      firstName: 'Grace',
    });
    expect(sent[0]?.idempotencyKey).toMatch(/^moderation_updates:[0-9a-f-]{36}:2026-11-28$/);
  });

  it('sends nothing more the same day, and nothing at all when the queues are empty', async () => {
    const again = await h.waitForStatus(await h.trigger('moderation_updates', { date: '2026-11-28' }), 'completed');
    expect(again.result.details).toMatchObject({ sent: 0, skippedAlreadySent: 2 });

    await h.sql`UPDATE moderation_queue SET status = 'approved' WHERE status = 'pending'`;
    await h.sql`UPDATE content_reports SET status = 'dismissed'`;
    const empty = await h.waitForStatus(await h.trigger('moderation_updates', { date: '2026-11-29' }), 'completed');
    expect(empty.result.details).toMatchObject({ pendingSubmissions: 0, openReports: 0, sent: 0 });
    expect(sentOfType('moderation-digest')).toHaveLength(2);
  });
});
