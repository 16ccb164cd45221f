import { once } from 'node:events';
import { DEFAULT_SCHEDULES } from '@scheduler/runtime';
import { waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ INSTALL_DEFAULT_SCHEDULES: 'true' });
});
afterAll(async () => {
  await h?.close();
});

const put = (name: string, body: Record<string, unknown>) => h.call('PUT', `/api/schedules/${name}`, body);
const call = (method: 'DELETE' | 'POST', url: string, payload?: Record<string, unknown>) =>
  h.call(method, url, payload);
const mirrored = async () =>
  Object.fromEntries((await h.queues().schedules.getJobSchedulers(0, -1)).map((s) => [s.key, s]));

describe('default schedules and restarts', () => {
  it('creates the defaults once; an edit survives a restart and is never overwritten by them', async () => {
    const converged = /schedules mirrored into BullMQ/;
    const first = await h.spawnWorker({}, converged);
    const enabled = DEFAULT_SCHEDULES.filter((d) => d.enabled).map((d) => d.name);
    await waitFor(
      'the worker to mirror the defaults',
      async () => Object.keys(await mirrored()).length === enabled.length,
    );
    const rows = await h.sql`SELECT name, job_type, cron, enabled, updated_by FROM schedules ORDER BY name`;
    expect(rows.map((r) => r.name)).toEqual(DEFAULT_SCHEDULES.map((d) => d.name).sort());
    expect(rows.find((r) => r.name === 'crawl-pending')).toMatchObject({
      job_type: 'crawl_pending',
      cron: '*/15 * * * *',
      enabled: true,
      updated_by: 'system',
    });
    expect(rows.find((r) => r.name === 'weekly-digest')).toMatchObject({ cron: '0 9 * * 1' });
    expect(rows.find((r) => r.name === 'cleanup-old-data')).toMatchObject({ cron: '0 2 * * *' });
    expect(Object.keys(await mirrored()).sort()).toEqual([...enabled].sort());

    expect((await put('crawl-pending', { cron: '*/5 * * * *', enabled: false })).statusCode).toBe(200);
    expect((await put('weekly-digest', { timezone: 'Europe/London' })).statusCode).toBe(200);

    // A deploy: the worker restarts and converges again.
    first.kill('SIGTERM');
    await once(first, 'exit');
    await h.spawnWorker({}, converged);

    const after = await h.sql`SELECT name, cron, enabled, timezone, updated_by FROM schedules ORDER BY name`;
    expect(after).toHaveLength(DEFAULT_SCHEDULES.length);
    expect(after.find((r) => r.name === 'crawl-pending')).toEqual({
      name: 'crawl-pending',
      cron: '*/5 * * * *',
      enabled: false,
      timezone: 'UTC',
      updated_by: 'service',
    });
    expect(after.find((r) => r.name === 'weekly-digest')).toMatchObject({ timezone: 'Europe/London' });
    const inRedis = await mirrored();
    expect(inRedis['crawl-pending']).toBeUndefined();
    expect(inRedis['weekly-digest']).toMatchObject({ pattern: '0 9 * * 1', tz: 'Europe/London' });
  });

  it('a removed default stays removed across a restart until it is asked back', async () => {
    const removed = await call('DELETE', '/api/schedules/update-metrics');
    expect(removed.statusCode).toBe(200);
    expect((await mirrored())['update-metrics']).toBeUndefined();

    // A deploy: the next worker inserts the missing defaults, but not one an admin removed.
    await h.spawnWorker({}, /schedules mirrored into BullMQ/);
    expect(await h.sql`SELECT 1 FROM schedules WHERE name = 'update-metrics'`).toHaveLength(0);
    expect((await mirrored())['update-metrics']).toBeUndefined();

    const restored = await call('POST', '/api/schedules/defaults/restore', { names: ['update-metrics'] });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().restored).toEqual([
      expect.objectContaining({ name: 'update-metrics', cron: '5 * * * *', enabled: true, updatedBy: 'system' }),
    ]);
    expect((await mirrored())['update-metrics']).toMatchObject({ pattern: '5 * * * *' });
    // Restoring leaves schedules that exist as they are.
    const again = await call('POST', '/api/schedules/defaults/restore');
    expect(again.json().restored).toEqual([]);
    expect((await h.sql`SELECT cron FROM schedules WHERE name = 'crawl-pending'`)[0]?.cron).toBe('*/5 * * * *');
    expect((await call('POST', '/api/schedules/defaults/restore', { names: ['nope'] })).statusCode).toBe(400);
  });
});
