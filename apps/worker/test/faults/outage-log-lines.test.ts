import type { ChildProcess } from 'node:child_process';
import { TEST_REDIS_URL, TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { faultTest as it, REDIS } from '@scheduler/testing/harness';
import { describe, expect } from 'vitest';

// Issue 21, finding 14: during a 60 s Redis cut the API logged a stack trace per trigger (1,222)
// and the worker 784 errors. An outage is one line when it starts and one when it ends, with
// how long it lasted and how many operations met it; the request log keeps its one line per
// request (those carry a status and are left out of the count).

type Line = Record<string, unknown> & { level: number; msg: string };

/** The JSON lines a process writes from now on. */
function linesOf(child: ChildProcess): Line[] {
  const lines: Line[] = [];
  let rest = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString();
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Line);
      } catch {
        // not a log line
      }
    }
  });
  return lines;
}

/** Warnings and errors, without the request log's line per request. */
const problems = (lines: Line[]) => lines.filter((l) => l.level >= 40 && !('status' in l));
const withStack = (lines: Line[]) => lines.filter((l) => JSON.stringify(l).includes('"stack"'));

const trigger = (url: string) =>
  fetch(`${url}/api/jobs/trigger`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ jobType: 'test_noop', payload: {} }),
  });

describe('a Redis outage in the logs', () => {
  it.override('faultTarget', REDIS);

  it('is one line when it starts and one when it ends, with a count, in the API and in the worker', async ({
    world,
  }) => {
    const { h, proxy } = world;
    // Locks outlast the cut, as in production (30 s): no job is lost and taken up again.
    const viaProxy = { REDIS_URL: proxy.url(TEST_REDIS_URL), WORKER_LOCK_DURATION_MS: '15000' };
    const api = await h.spawnApi(viaProxy);
    const worker = await h.spawnWorker(viaProxy, /schedules mirrored into BullMQ/);
    const apiLines = linesOf(api.child);
    const workerLines = linesOf(worker);

    proxy.cut('reset');
    const answers = await Promise.all(Array.from({ length: 30 }, () => trigger(api.url)));
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(202));
    const ids = await Promise.all(answers.map(async (a) => ((await a.json()) as { id: string }).id));
    // Long enough for ioredis and every BullMQ connection of the worker to retry many times.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    proxy.heal();
    await Promise.all(ids.map((id) => h.waitForStatus(id, 'completed', 15_000)));
    await waitFor('the API to log the end of the outage', async () =>
      apiLines.some((l) => /Redis is back/.test(l.msg)),
    );
    await waitFor('the worker to log the end of the outage', async () =>
      workerLines.some((l) => /Redis is back after/.test(l.msg)),
    );

    expect(problems(apiLines).map((l) => l.msg)).toEqual([expect.stringMatching(/^Redis is unreachable/)]);
    expect(apiLines.find((l) => /Redis is back after/.test(l.msg))).toMatchObject({ affected: 30 });
    expect(withStack(apiLines)).toEqual([]);
    expect(problems(workerLines).map((l) => l.msg)).toEqual([expect.stringMatching(/^Redis is unreachable/)]);
    expect(withStack(workerLines)).toEqual([]);
  });
});

describe('a Postgres outage in the logs', () => {
  it('is one line when it starts and one when it ends, with a count, in the API and in the worker', async ({
    world,
  }) => {
    const { h, proxy } = world;
    const viaProxy = { DATABASE_URL: proxy.url(h.db.url) };
    const api = await h.spawnApi(viaProxy);
    const worker = await h.spawnWorker(viaProxy, /schedules mirrored into BullMQ/);
    const apiLines = linesOf(api.child);
    const workerLines = linesOf(worker);
    // Jobs running through the cut, and more queued behind them that cannot start meanwhile.
    const running = await Promise.all(Array.from({ length: 5 }, () => h.trigger('test_script', { sleepMs: 3000 })));
    await Promise.all(running.map((id) => h.waitForStatus(id, 'running')));
    const queued = await Promise.all(Array.from({ length: 10 }, () => h.trigger('test_script', { sleepMs: 100 })));

    proxy.cut('reset');
    const refused = await Promise.all(Array.from({ length: 20 }, () => trigger(api.url)));
    expect(refused.map((a) => a.status)).toEqual(Array(20).fill(503));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    proxy.heal();
    await Promise.all([...running, ...queued].map((id) => h.waitForStatus(id, 'completed', 20_000)));
    await waitFor('the API to log the end of the outage', async () =>
      apiLines.some((l) => /Postgres answers again/.test(l.msg)),
    );
    await waitFor('the worker to log the end of the outage', async () =>
      workerLines.some((l) => /Postgres is back after/.test(l.msg)),
    );

    expect(problems(apiLines).map((l) => l.msg)).toEqual([expect.stringMatching(/^Postgres stopped answering/)]);
    expect(apiLines.find((l) => /Postgres answers again/.test(l.msg))?.refused).toBeGreaterThanOrEqual(20);
    expect(withStack(apiLines)).toEqual([]);
    expect(problems(workerLines).map((l) => l.msg)).toEqual([expect.stringMatching(/^Postgres is unreachable/)]);
    expect(withStack(workerLines)).toEqual([]);
  });
});
