import { seedContentReports, seedModerationStaff, seedReviewedSubmissions } from '@scheduler/jobs/test-data';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Who is emailed, with what, as their preferences allow and never twice, is tested beside each
// handler (packages/jobs/src/submission-notifications, moderation-updates). Here: both jobs
// through the API and a worker.
let h: Harness;
let staff: Awaited<ReturnType<typeof seedModerationStaff>>;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  staff = await seedModerationStaff(h.sql);
  const { submitters } = await seedReviewedSubmissions(h.sql, staff.mod);
  await seedContentReports(h.sql, submitters.sub1);
});
afterAll(async () => {
  await h?.close();
});

const sentOfType = (type: string) => h.email.sent.filter((e) => e.emailType.startsWith(type));

describe('submission_notifications', () => {
  it('triggered through the API, it completes with what it sent, each email carrying the job’s id', async () => {
    const id = await h.trigger('submission_notifications', {});
    const done = await h.waitForStatus(id, 'completed');
    expect(done.result.details).toMatchObject({ reviewed: 5, skippedByPreference: 2, sent: 3, failed: 0 });
    const sent = sentOfType('submission-');
    expect(sent).toHaveLength(3);
    expect(sent.every((e) => e.schedulerJobId === id)).toBe(true);
  });
});

describe('moderation_updates', () => {
  it('triggered through the API, it completes with the summaries it sent', async () => {
    const done = await h.waitForStatus(await h.trigger('moderation_updates', { date: '2026-11-28' }), 'completed');
    expect(done.result.details).toMatchObject({ pendingSubmissions: 1, openReports: 2, staff: 2, sent: 2 });
    const sent = sentOfType('moderation-digest');
    expect(sent.map((e) => e.userId).sort()).toEqual([staff.mod, staff.adm].sort());
  });
});
