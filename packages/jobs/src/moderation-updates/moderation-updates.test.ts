import { runJob } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createJobWorld, type JobWorld } from '../../test/job-world.ts';
import { moderationUpdates } from './index.ts';
import { type Staff, seedContentReports, seedModerationStaff } from './test-data.ts';

let world: JobWorld;
let staff: Record<Staff, string>;

beforeAll(async () => {
  world = await createJobWorld();
  staff = await seedModerationStaff(world.sql);
  const [sub] = await world.sql`
    INSERT INTO users (clerk_user_id, email, role) VALUES ('user_sub', 'sub@example.com', 'user') RETURNING id`;
  await world.sql`
    INSERT INTO moderation_queue (url, title, domain, submitted_by, status, created_at) VALUES
      ('https://example.net/waiting', 'Waiting', 'example.net', ${sub?.id as string}, 'pending', now() - interval '2 days'),
      ('https://example.net/done', 'Done', 'example.net', ${sub?.id as string}, 'approved', now() - interval '9 days')`;
  await seedContentReports(world.sql, sub?.id as string);
});
afterAll(async () => {
  await world?.close();
});

const run = (payload: z.input<typeof moderationUpdates.payload>) =>
  runJob(moderationUpdates, payload, world.depsFor(moderationUpdates), { sql: world.sql });
const sent = () => world.email.sent.filter((e) => e.emailType === 'moderation-digest');

describe('moderation_updates (handler)', () => {
  it('sends each moderator and admin one summary of what waits for them', async () => {
    const { result, progress } = await run({ date: '2026-11-28' });
    expect(result.details).toMatchObject({ pendingSubmissions: 1, openReports: 2, staff: 2, sent: 2 });
    expect(
      sent()
        .map((e) => e.userId)
        .sort(),
    ).toEqual([staff.mod, staff.adm].sort());
    expect(sent().find((e) => e.userId === staff.adm)?.templateData).toEqual({
      date: '2026-11-28',
      pendingSubmissions: 1,
      openReports: 2,
      oldestSubmissionAt: expect.any(String),
      oldestReportAt: '2026-11-20T08:00:00.000Z',
      email: 'adm@example.com',
      firstName: 'Grace',
    });
    expect(sent()[0]?.idempotencyKey).toMatch(/^moderation_updates:[0-9a-f-]{36}:2026-11-28$/);
    expect(progress).toEqual([{ percent: 100, done: 2, total: 2 }]);
  });

  it('a dry run counts the staff and sends nothing', async () => {
    const before = world.email.counters.requests;
    const { result } = await run({ date: '2026-11-27', dryRun: true });
    expect(result.details).toMatchObject({ dryRun: true, wouldSendAtMost: 2 });
    expect(world.email.counters.requests).toBe(before);
  });

  it('sends nothing more the same day, and nothing at all when the queues are empty', async () => {
    const again = await run({ date: '2026-11-28' });
    expect(again.result.details).toMatchObject({ sent: 0, skippedAlreadySent: 2 });

    await world.sql`UPDATE moderation_queue SET status = 'approved' WHERE status = 'pending'`;
    await world.sql`UPDATE content_reports SET status = 'dismissed'`;
    const empty = await run({ date: '2026-11-29' });
    expect(empty.result.details).toMatchObject({ pendingSubmissions: 0, openReports: 0, sent: 0 });
    expect(empty.logs.at(-1)?.message).toBe('nothing is waiting for moderators: no email sent (sendWhenEmpty is off)');
    expect(sent()).toHaveLength(2);
  });
});
