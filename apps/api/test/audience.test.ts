import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
const get = (url: string, headers: Record<string, string> = auth) => h.app.inject({ method: 'GET', url, headers });

/** A user with an address and the weekly-trending preference as given. */
async function user(name: string, preferences: { weeklyTrending: boolean; unsubscribedAll?: boolean } | null) {
  const [u] = await h.db.sql`
    INSERT INTO users (clerk_user_id, email, role) VALUES (${name}, ${`${name}@example.test`}, 'user') RETURNING id`;
  if (preferences) {
    await h.db.sql`
      INSERT INTO email_preferences (user_id, weekly_trending, weekly_new, submission_updates, unsubscribed_all)
      VALUES (${u?.id}, ${preferences.weeklyTrending}, false, true, ${preferences.unsubscribedAll ?? false})`;
  }
}

beforeAll(async () => {
  h = await createApiHarness();
  // Two opted in; one said no, one unsubscribed from everything, one never chose (no means no).
  await user('reader_a', { weeklyTrending: true });
  await user('reader_b', { weeklyTrending: true });
  await user('reader_c', { weeklyTrending: false });
  await user('reader_d', { weeklyTrending: true, unsubscribedAll: true });
  await user('reader_e', null);
});
afterAll(async () => {
  await h?.close();
});

describe('GET /api/job-types/:name/audience', () => {
  it('counts whom a real weekly digest would email now', async () => {
    const res = await get('/api/job-types/weekly_digest/audience');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ jobType: 'weekly_digest', sendsEmail: true, recipients: 2 });
  });

  it('says which types send email without a count when the run decides whom', async () => {
    expect((await get('/api/job-types/submission_notifications/audience')).json()).toEqual({
      jobType: 'submission_notifications',
      sendsEmail: true,
      recipients: null,
    });
    expect((await get('/api/job-types/recalculate_trending/audience')).json()).toEqual({
      jobType: 'recalculate_trending',
      sendsEmail: false,
      recipients: null,
    });
  });

  it('answers 404 for a type that does not exist, and 401 without a session or key', async () => {
    const missing = await get('/api/job-types/no_such_type/audience');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not_found' });
    expect((await get('/api/job-types/weekly_digest/audience', {})).statusCode).toBe(401);
  });
});
