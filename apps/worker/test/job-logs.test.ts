import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: Harness;
let id: string;
const get = (url: string) =>
  h.api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` } });

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  id = await h.trigger('test_script', { sleepMs: 100 });
  await h.waitForStatus(id, 'completed');
});
afterAll(async () => {
  await h?.close();
});

describe('job logs', () => {
  it('keeps what the handler logged, in order, and serves it by GET /api/jobs/:id/logs', async () => {
    const res = await get(`/api/jobs/${id}/logs`);
    expect(res.statusCode).toBe(200);
    const { logs, nextAfter } = res.json();
    expect(logs).toHaveLength(10);
    expect(logs.map((l: { message: string }) => l.message)).toEqual(
      Array.from({ length: 10 }, (_, i) => `step ${i + 1} of 10 done`),
    );
    expect(logs[0]).toMatchObject({ level: 'info', data: { step: 1 }, at: expect.any(String) });
    expect(nextAfter).toBeNull();
  });

  it('pages with after and limit', async () => {
    const first = (await get(`/api/jobs/${id}/logs?limit=4`)).json();
    expect(first.logs.map((l: { data: { step: number } }) => l.data.step)).toEqual([1, 2, 3, 4]);
    expect(first.nextAfter).toBe(first.logs[3].id);
    const second = (await get(`/api/jobs/${id}/logs?limit=4&after=${first.nextAfter}`)).json();
    expect(second.logs.map((l: { data: { step: number } }) => l.data.step)).toEqual([5, 6, 7, 8]);
  });

  it("mirrors the lines into BullMQ's job log, for Bull Board", async () => {
    const queue = h.queues().get('test_script');
    const { logs } = (await queue?.getJobLogs(id)) ?? { logs: [] };
    expect(logs).toHaveLength(10);
    expect(logs[0]).toBe('info: step 1 of 10 done {"step":1}');
  });

  it('answers 404 for an unknown job and 400 for a bad cursor', async () => {
    expect((await get('/api/jobs/00000000-0000-4000-8000-000000000000/logs')).statusCode).toBe(404);
    expect((await get(`/api/jobs/${id}/logs?after=abc`)).statusCode).toBe(400);
    expect((await get(`/api/jobs/${id}/logs?limit=0`)).statusCode).toBe(400);
  });
});
