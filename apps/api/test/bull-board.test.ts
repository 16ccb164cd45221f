import { TEST_SERVICE_KEY } from '@scheduler/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './api-harness.ts';

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
