import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGate } from '../../src/gate.ts';

// Issue 21, finding 2: one preview of a rare cron held the event loop for about half a second,
// and a preview from the year 9999 was a 500.
let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
// The 29th of February that is also the fifth Friday, in a zone 12:45 ahead of UTC: each fire
// costs cron-parser tens of milliseconds to find, and they are four years apart.
const RARE = { cron: '0 0 29 2 5#5', timezone: 'Pacific/Chatham' };

const preview = (query: Record<string, string>) =>
  h.app.inject({ method: 'GET', url: `/api/schedule-preview?${new URLSearchParams(query)}`, headers: auth });

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the work of a schedule preview is bounded', () => {
  it('refuses a cron too rare to preview with a 400, having spent a bounded time on it', async () => {
    // Once to warm up (the first search of a process also loads the zone's rules).
    await preview({ ...RARE, count: '1' });
    const started = performance.now();
    const res = await preview({ ...RARE, count: '100' });
    const took = performance.now() - started;
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'fires_too_rarely', message: expect.stringMatching(/fires too rarely/) });
    // Unbounded, the 100 fires take seconds; the bound is 50 ms of CPU past the first fire (plus
    // the search under way when it is reached). Loose enough for a loaded machine.
    expect(took).toBeLessThan(750);
  });

  it('still previews a rare cron when few fires are asked for, and an ordinary one in full', async () => {
    const one = await preview({ ...RARE, count: '1' });
    expect(one.statusCode).toBe(200);
    expect(one.json().times).toHaveLength(1);
    // As many as the dashboard's editor shows, and more.
    const daily = await preview({ cron: '0 9 * * *', timezone: 'Pacific/Chatham', count: '10' });
    expect(daily.statusCode).toBe(200);
    expect(daily.json().times).toHaveLength(10);
  });

  it('bounds the preview of a stored schedule the same way', async () => {
    const put = await h.app.inject({
      method: 'PUT',
      url: '/api/schedules/leap-fridays',
      headers: auth,
      payload: { jobType: 'test_noop', ...RARE },
    });
    expect(put.statusCode).toBe(201);
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/schedules/leap-fridays/preview?count=100',
      headers: auth,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('fires_too_rarely');
  });

  it('answers a preview from the far future with a 400 that says why, not a 500', async () => {
    for (const query of [
      { ...RARE, from: '9999-01-01T00:00:00Z', count: '100' },
      { cron: '0 9 * * *', timezone: 'UTC', from: '9999-12-31T00:00:00Z', count: '5' },
    ]) {
      const res = await preview(query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'validation_failed',
        message: expect.stringMatching(/querystring\.from: must be before 3000-01-01/),
      });
    }
  });
});

describe('previews take turns', () => {
  it('runs tasks one at a time, in turn, and refuses past the waiting bound', async () => {
    const inTurn = createGate({ limit: 1, maxWaiting: 2, what: 'tests' });
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} starts`);
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`${name} ends`);
      return name;
    };
    const running = [inTurn(task('a')), inTurn(task('b')), inTurn(task('c'))];
    await expect(inTurn(task('d'))).rejects.toMatchObject({ statusCode: 429, code: 'busy' });
    expect(await Promise.all(running)).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends']);
  });
});
