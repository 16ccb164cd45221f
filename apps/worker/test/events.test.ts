import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let h: Harness;
let base: string;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  base = await h.api.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await h?.close();
});

interface Sse {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

/** Opens an event stream and collects events until `until` says stop (or the time runs out). */
async function collect(path: string, until: (events: Sse[]) => boolean, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 15_000);
  const res = await fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${TEST_SERVICE_KEY}`, ...headers },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: Sse[] = [];
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      let end = text.indexOf('\n\n');
      while (end >= 0) {
        const frame = text.slice(0, end);
        text = text.slice(end + 2);
        const fields = Object.fromEntries(
          frame
            .split('\n')
            .filter((l) => !l.startsWith(':') && l.includes(': '))
            .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
        );
        if (fields.event)
          events.push({ id: fields.id ?? '', event: fields.event, data: JSON.parse(fields.data ?? '{}') });
        end = text.indexOf('\n\n');
      }
      if (until(events)) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

const lifecycleOf = (events: Sse[], jobId: string) =>
  events.filter((e) => e.data.jobId === jobId && e.event !== 'log').map((e) => e.event);

describe('event streams', () => {
  let jobId: string;
  let all: Sse[];

  it("streams a triggered job's events in order through completion", async () => {
    const streaming = collect('/api/events', (events) => events.some((e) => e.event === 'completed'));
    await new Promise((r) => setTimeout(r, 300)); // the stream is open before the job exists
    jobId = await h.trigger('test_script', { sleepMs: 300 });
    all = await streaming;
    const kinds = lifecycleOf(all, jobId);
    expect(kinds[0]).toBe('created');
    expect(kinds[1]).toBe('started');
    expect(kinds.at(-1)).toBe('completed');
    expect(kinds.filter((k) => k === 'progress').length).toBeGreaterThanOrEqual(1);
    // Ids only increase: the order a client sees is the order things happened.
    const ids = all.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
    expect(all.find((e) => e.event === 'started')?.data).toMatchObject({ jobType: 'test_script', attempt: 1 });
  });

  it('follows log lines live', async () => {
    const logs = all.filter((e) => e.event === 'log' && e.data.jobId === jobId);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs[0]?.data).toMatchObject({ level: 'info', message: 'step 1 of 10 done', data: { step: 1 } });
  });

  it('replays what a client missed after Last-Event-ID, then stays live', async () => {
    const created = all.find((e) => e.data.jobId === jobId && e.event === 'created') as Sse;
    const replayed = await collect(
      `/api/jobs/${jobId}/events`,
      (events) => events.some((e) => e.event === 'completed'),
      {
        'last-event-id': created.id,
      },
    );
    expect(replayed[0]?.event).toBe('started');
    expect(lifecycleOf(replayed, jobId)).toEqual(lifecycleOf(all, jobId).slice(1));
    expect(replayed.every((e) => e.data.jobId === jobId)).toBe(true);
  });

  it('starts a new stream without Last-Event-ID at the live position, not where the last one left off', async () => {
    // A stream opens and closes, then a job runs its whole life while no stream is open.
    await collect('/api/events', () => true, {}).catch(() => []);
    const unseen = await h.trigger('test_script', { sleepMs: 200 });
    await h.waitForStatus(unseen, 'completed');
    await new Promise((r) => setTimeout(r, 300));
    // A new stream sees what happens from now on, and nothing of that job.
    const streaming = collect('/api/events', (events) => events.some((e) => e.event === 'completed'));
    await new Promise((r) => setTimeout(r, 300));
    const seen = await h.trigger('test_noop', {});
    const events = await streaming;
    expect(events.filter((e) => e.data.jobId === unseen)).toEqual([]);
    expect(lifecycleOf(events, seen)).toEqual(['created', 'started', 'completed']);
  });

  it('needs authentication, and refuses a bad Last-Event-ID', async () => {
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
    const bad = await fetch(`${base}/api/events`, {
      headers: { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'last-event-id': 'yesterday' },
    });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${base}/api/jobs/00000000-0000-4000-8000-000000000000/events`, {
      headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
    });
    expect(unknown.status).toBe(404);
  });
});
