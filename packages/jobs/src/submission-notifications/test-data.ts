import type { Sql } from '@scheduler/db';

export type Submitter = 'sub1' | 'sub2' | 'sub3' | 'sub4' | 'sub5';
export type Submission = 'i1' | 'i2' | 'i3' | 'i4' | 'i5' | 'i6' | 'i7' | 'i8';

/**
 * Five submitters (sub1 wants submission updates, sub2 has no preferences row, sub3 turned them
 * off, sub4 unsubscribed from everything, sub5 is deleted) and eight items reviewed by `reviewer`:
 * i1, i2 (rejected, with a reason), i3, i4 and i8 (rejected) in the last week, i5 by the deleted
 * submitter, i6 still pending, i7 thirty days ago. Shared by the handler's test and the worker's
 * full-stack test.
 */
export async function seedReviewedSubmissions(sql: Sql, reviewer: string) {
  const submitters = {} as Record<Submitter, string>;
  const items = {} as Record<Submission, string>;
  const addUser = async (
    name: Submitter,
    opts: { deleted?: boolean; prefs?: { submission_updates?: boolean; unsubscribed_all?: boolean } } = {},
  ) => {
    const [row] = await sql`
      INSERT INTO users (clerk_user_id, email, role, deleted_at)
      VALUES (${`user_${name}`}, ${`${name}@example.com`}, 'user', ${opts.deleted ? new Date() : null})
      RETURNING id`;
    submitters[name] = row?.id as string;
    if (opts.prefs) {
      await sql`INSERT INTO email_preferences (user_id, submission_updates, unsubscribed_all)
                VALUES (${submitters[name]}, ${opts.prefs.submission_updates ?? true}, ${opts.prefs.unsubscribed_all ?? false})`;
    }
  };
  const addItem = async (
    name: Submission,
    submitter: Submitter,
    status: string,
    reviewedDaysAgo: number | null,
    notes?: string,
  ) => {
    const [row] = await sql`
      INSERT INTO moderation_queue (url, title, domain, submitted_by, status, reviewed_by, reviewed_at, review_notes, created_at)
      VALUES (${`https://example.net/${name}`}, ${`Item ${name}`}, 'example.net', ${submitters[submitter]}, ${status},
              ${reviewedDaysAgo === null ? null : reviewer},
              ${reviewedDaysAgo === null ? null : new Date(Date.now() - reviewedDaysAgo * 86_400_000)},
              ${notes ?? null}, now() - interval '40 days')
      RETURNING id`;
    items[name] = row?.id as string;
  };
  await addUser('sub1', { prefs: { submission_updates: true } });
  await addUser('sub2'); // no preferences row: a reply to their own submission is allowed
  await addUser('sub3', { prefs: { submission_updates: false } });
  await addUser('sub4', { prefs: { unsubscribed_all: true } });
  await addUser('sub5', { deleted: true });

  await addItem('i1', 'sub1', 'approved', 1);
  await addItem('i2', 'sub2', 'rejected', 2, 'Duplicate of an existing discovery');
  await addItem('i3', 'sub3', 'approved', 1);
  await addItem('i4', 'sub4', 'approved', 1);
  await addItem('i5', 'sub5', 'approved', 1);
  await addItem('i6', 'sub1', 'pending', null);
  await addItem('i7', 'sub1', 'approved', 30);
  await addItem('i8', 'sub1', 'rejected', 3);
  return { submitters, items };
}
