import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let harness: ApiHarness;
let app: FastifyInstance;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  harness = await createApiHarness();
  ({ app } = harness);
});

afterAll(async () => {
  await harness?.close();
});

describe('Bull Board at /admin/queues', () => {
  it.each(['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/js/main.js'])(
    'answers 401 without credentials at %s, never the board',
    async (url) => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: 'unauthorized',
        message: 'Authentication required: send Authorization: Bearer <token>, or sign in at /dashboard',
      });
    },
  );

  it('serves the board to an authenticated operator', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin/queues', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Stumbleable scheduler');
  });

  it('shows one queue per job type, with the jobs triggered through the API', async () => {
    const trigger = await app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: auth,
      payload: { jobType: 'test_noop' },
    });
    expect(trigger.statusCode).toBe(202);
    const res = await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: auth });
    expect(res.statusCode).toBe(200);
    const queues = res.json().queues as Array<{ name: string; counts: Record<string, number> }>;
    expect(queues.map((q) => q.name).sort()).toEqual(
      [
        'cleanup_old_data',
        'crawl_pending',
        'moderation_updates',
        'recalculate_trending',
        'schedules',
        'submission_notifications',
        'test_bounded',
        'test_noop',
        'test_script',
        'test_unimplemented',
        'update_metrics',
        'weekly_digest',
      ].sort(),
    );
    const noop = queues.find((q) => q.name === 'test_noop');
    expect((noop?.counts.prioritized ?? 0) + (noop?.counts.waiting ?? 0)).toBe(1);
  });
});

describe('job commands from the API and from Bull Board', () => {
  const board = (path: string) => app.inject({ method: 'PUT', url: `/admin/queues/api${path}`, headers: auth });
  const jobIn = async (status: 'completed' | 'pending') => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: auth,
      payload: { jobType: 'test_script' },
    });
    const id = res.json().id as string;
    if (status === 'completed') {
      await harness.db.sql`UPDATE scheduled_jobs SET status = 'completed', completed_at = now() WHERE id = ${id}`;
    }
    return id;
  };

  it('answer a refusal the same way: the same status, code, message and state', async () => {
    const done = await jobIn('completed');
    const viaApi = await app.inject({ method: 'POST', url: `/api/jobs/${done}/retry`, headers: auth });
    const viaBoard = await board(`/queues/test_script/${done}/retry`);
    expect(viaApi.statusCode).toBe(409);
    expect(viaBoard.statusCode).toBe(viaApi.statusCode);
    expect(viaBoard.json()).toEqual(viaApi.json());
    expect(viaApi.json()).toMatchObject({ error: 'not_retryable', status: 'completed' });
  });

  it('promote of a queued job that waits on no delay is refused by the command, with the job state', async () => {
    const queued = await jobIn('pending');
    const res = await board(`/queues/test_script/${queued}/promote`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'not_promotable', status: 'pending' });
    expect(res.json().message).toMatch(/not waiting on a delay/);
  });
});
