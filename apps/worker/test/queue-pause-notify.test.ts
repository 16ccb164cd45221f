import { queuePauses } from '@scheduler/db';
import { type FaultProxy, startFaultProxy, TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * A pause reaches every process through Postgres NOTIFY, not a poll: the slow safety pass is set
 * to a minute here, so only the notification (or the re-read when the listening connection comes
 * back) can explain a change seen within seconds.
 */
const SAFETY = { QUEUE_PAUSE_SAFETY_INTERVAL_MS: '60000' };
let h: Harness;
let proxy: FaultProxy | null = null;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeEach(async () => {
  h = await createHarness(SAFETY);
});
afterEach(async () => {
  await h?.close();
  await proxy?.close();
  proxy = null;
});

/** Writes a pause the way an API does, but leaves Redis alone: whoever sets the flag heard of it. */
const recordPause = (jobType: string, until: Date | null = null) =>
  queuePauses.pause(h.sql, { jobType, pausedBy: 'service', pausedByClerkId: null, until, reason: 'elsewhere' });

interface QueueEvent {
  event: string;
  data: { jobType: string; paused: boolean; pause: { until: string | null } | null };
  seenAt: number;
}

/** Follows the queue events of an API's stream in the background, until `stop`. */
async function followQueueEvents(base: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/events?kinds=queue-paused,queue-resumed`, {
    headers: auth,
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const events: QueueEvent[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
        const lines = text.slice(0, end).split('\n');
        text = text.slice(end + 2);
        const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        const event = field('event');
        if (event) events.push({ event, data: JSON.parse(field('data') ?? '{}'), seenAt: Date.now() });
      }
    }
  })()
    .catch(() => {})
    .finally(() => {
      ended = true;
    });
  let ended = false;
  return {
    events,
    /** The API ended the stream (it should not, whatever Postgres does). */
    ended: () => ended,
    next: (event: string, jobType: string, timeoutMs: number) =>
      waitFor(
        `${event} of ${jobType} on the stream`,
        async () => events.find((e) => e.event === event && e.data.jobType === jobType) ?? null,
        { timeoutMs },
      ),
    stop: async () => {
      controller.abort();
      await reading;
    },
  };
}

/** Whether the API process behind `applicationName`-less connections is LISTENing (pg_stat_activity). */
const listeners = async () => {
  const [row] = await h.sql`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND query ILIKE 'listen%queue_pauses%'`;
  return (row?.n as number) ?? 0;
};

describe('queue pauses through NOTIFY', () => {
  it('a pause written elsewhere is applied to BullMQ and announced on another API at once', async () => {
    const api = await h.spawnApi();
    const stream = await followQueueEvents(api.url);
    await waitFor('every process listening', async () => (await listeners()) >= 2, { timeoutMs: 15_000 });

    const wroteAt = Date.now();
    await recordPause('test_noop');
    await waitFor('the flag set', () => h.isPaused('test_noop'), { timeoutMs: 5000 });
    const flagAfter = Date.now() - wroteAt;
    console.info(`flag set ${flagAfter} ms after the pause was written`);
    const paused = await stream.next('queue-paused', 'test_noop', 5000);
    expect(paused.data).toMatchObject({ jobType: 'test_noop', paused: true, pause: { until: null } });
    // Well under the minute of the safety pass (a busy machine takes a while to deliver).
    expect(flagAfter).toBeLessThan(5000);
    expect(paused.seenAt - wroteAt).toBeLessThan(5000);

    // Resumed through the other API (in this process): the spawned one says so too.
    expect((await h.call('POST', '/api/queues/test_noop/resume')).statusCode).toBe(200);
    await stream.next('queue-resumed', 'test_noop', 5000);
    expect(await h.isPaused('test_noop')).toBe(false);
    await stream.stop();
  }, 60_000);

  it('after its listening connection is cut and healed, a pause made meanwhile is applied', async () => {
    const target = new URL(h.env().DATABASE_URL as string);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const api = await h.spawnApi({ DATABASE_URL: proxy.url(h.env().DATABASE_URL as string) });
    const stream = await followQueueEvents(api.url);
    await waitFor('every process listening', async () => (await listeners()) >= 2, { timeoutMs: 15_000 });

    proxy.cut('reset');
    await waitFor('the cut API no longer listening', async () => (await listeners()) === 1, { timeoutMs: 10_000 });
    await recordPause('test_script');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stream.events.filter((e) => e.data.jobType === 'test_script')).toEqual([]);

    proxy.heal();
    // Nothing is notified after the heal and the safety pass is a minute away: the re-read when
    // the process listens again (it tries every 2 s) must tell it.
    const paused = await stream.next('queue-paused', 'test_script', 20_000);
    expect(paused.data).toMatchObject({ jobType: 'test_script', paused: true });
    expect(await listeners()).toBe(2);
    await stream.stop();
  }, 90_000);

  it('pause-until resumes on time by itself, audited once across two processes', async () => {
    const api = await h.spawnApi();
    const stream = await followQueueEvents(api.url);
    await waitFor('every process listening', async () => (await listeners()) >= 2, { timeoutMs: 15_000 });
    const until = new Date(Date.now() + 2000);
    const res = await h.call('POST', '/api/queues/test_noop/pause', { until: until.toISOString() });
    expect(res.statusCode, res.body).toBe(200);
    expect(await h.isPaused('test_noop')).toBe(true);

    const resumed = await stream.next('queue-resumed', 'test_noop', 10_000);
    // On time: within a second or two of `until`, not at the minute's safety pass.
    expect(resumed.seenAt).toBeGreaterThanOrEqual(until.getTime());
    expect(resumed.seenAt - until.getTime()).toBeLessThan(3000);
    await waitFor('the flag cleared', async () => !(await h.isPaused('test_noop')), { timeoutMs: 3000 });
    // The flag is cleared inside the transaction that deletes the row: the row goes at its commit.
    await waitFor('the row gone', async () => (await h.sql`SELECT * FROM queue_pauses`).length === 0, {
      timeoutMs: 3000,
    });
    // Both processes' timers fired; one ended it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const audited = await h.sql`
      SELECT actor_role, details FROM scheduler_audit_log WHERE action = 'queue.resume' AND target = 'test_noop'`;
    expect(audited).toEqual([{ actor_role: 'system', details: expect.objectContaining({ automatic: true }) }]);
    await stream.stop();
  }, 60_000);
});
