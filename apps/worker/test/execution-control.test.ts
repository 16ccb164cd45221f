import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: Harness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h?.close();
});

describe('overlap guard', () => {
  it('answers a second trigger of an exclusive type with 409 and the job already queued or running', async () => {
    // crawl_pending runs one at a time; hold the first one in the crawler for a while.
    h.crawler.behaviour.latencyMs = 1500;
    await h.sql`INSERT INTO discoveries (url) VALUES ('https://example.org/slow')`;
    const first = await h.trigger('crawl_pending', {});
    const second = await h.api.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: auth,
      payload: { jobType: 'crawl_pending' },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: 'already_active', activeJobId: first });
    expect((await h.sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE job_type = 'crawl_pending'`)[0]?.n).toBe(1);

    await h.waitForStatus(first, 'completed');
    h.crawler.behaviour.latencyMs = 0;
    // Once it has finished, the type can run again; types that may overlap never answer 409.
    expect(await h.trigger('crawl_pending', {})).not.toBe(first);
    await Promise.all([h.trigger('test_noop'), h.trigger('test_noop')]);
  });

  it('lets only one of many concurrent triggers through', async () => {
    await h.waitForStatus(
      (await h.sql`SELECT id FROM scheduled_jobs WHERE job_type = 'crawl_pending' ORDER BY created_at DESC LIMIT 1`)[0]
        ?.id as string,
      'completed',
    );
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.api.inject({
          method: 'POST',
          url: '/api/jobs/trigger',
          headers: auth,
          payload: { jobType: 'cleanup_old_data', payload: { dryRun: true } },
        }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 202)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(9);
    const winner = answers.find((a) => a.statusCode === 202)?.json().id;
    expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().activeJobId === winner)).toBe(true);
  });
});

describe('Idempotency-Key on POST /api/jobs/trigger', () => {
  const triggerWithKey = (key: string, payload: Record<string, unknown>) =>
    h.api.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: { ...auth, 'idempotency-key': key },
      payload,
    });
  const rows = async () => (await h.sql`SELECT count(*)::int AS n FROM scheduled_jobs`)[0]?.n as number;

  it('answers a repeated key with the first answer and creates nothing', async () => {
    const before = await rows();
    const first = await triggerWithKey('order-42', { jobType: 'test_noop' });
    expect(first.statusCode).toBe(202);
    const again = await triggerWithKey('order-42', { jobType: 'test_noop' });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await rows()).toBe(before + 1);
  });

  it('refuses the same key with a different request (422), and replays refusals too', async () => {
    const other = await triggerWithKey('order-42', { jobType: 'test_script' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toBe('idempotency_key_reused');

    const bad = await triggerWithKey('bad-1', { jobType: 'test_script', payload: { sleepMs: -1 } });
    expect(bad.statusCode).toBe(400);
    const badAgain = await triggerWithKey('bad-1', { jobType: 'test_script', payload: { sleepMs: -1 } });
    expect(badAgain.statusCode).toBe(400);
    expect(badAgain.json()).toEqual(bad.json());
    expect((await triggerWithKey('', { jobType: 'test_noop' })).statusCode).toBe(400);
  });

  it('lets concurrent requests with one key create one job', async () => {
    const before = await rows();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => triggerWithKey('burst-1', { jobType: 'test_noop' })),
    );
    const created = answers.filter((a) => a.statusCode === 202);
    expect(new Set(created.map((a) => a.json().id)).size).toBe(1);
    expect(answers.every((a) => a.statusCode === 202 || a.json().error === 'idempotency_key_in_use')).toBe(true);
    expect(await rows()).toBe(before + 1);
  });

  it('forgets a key after 24 hours', async () => {
    const first = await triggerWithKey('daily-report', { jobType: 'test_noop' });
    await h.sql`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'daily-report'`;
    const later = await triggerWithKey('daily-report', { jobType: 'test_noop' });
    expect(later.statusCode).toBe(202);
    expect(later.json().id).not.toBe(first.json().id);
  });
});
