import { type DigestUser, seedDigestAudience } from '@scheduler/jobs/test-data';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Who gets the digest, with what, at what pace, and never twice, is tested beside the handler
// (packages/jobs/src/weekly-digest). Here: the same job through the API and a worker.
let h: Harness;
let users: Record<DigestUser, string>;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  ({ users } = await seedDigestAudience(h.sql));
});
afterAll(async () => {
  await h?.close();
});

const digestsFor = (week: string) => h.email.sent.filter((e) => e.idempotencyKey?.endsWith(`:${week}`));

describe('weekly_digest', () => {
  it('triggered through the API, it completes with what it sent, each email carrying the job’s id', async () => {
    const id = await h.trigger('weekly_digest', { isoWeek: '2026-W40' });
    const done = await h.waitForStatus(id, 'completed');
    expect(done.result.details).toMatchObject({
      isoWeek: '2026-W40',
      recipients: 3,
      sent: 2,
      rejected: 1,
      failed: 0,
    });
    const sent = digestsFor('2026-W40');
    expect(sent.map((e) => e.userId).sort()).toEqual([users.ada, users.bob].sort());
    expect(sent.every((e) => e.schedulerJobId === id)).toBe(true);
  });

  it('the API refuses a week that does not exist', async () => {
    const res = await h.api.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: { authorization: 'Bearer test-service-key-0123456789abcdef' },
      payload: { jobType: 'weekly_digest', payload: { isoWeek: '2027-W53' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('isoWeek');
  });
});
