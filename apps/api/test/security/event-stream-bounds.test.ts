import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClerkSigner, TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OpenStream, openStream, pausedStream, rawStream } from './event-stream-client.ts';

/**
 * Issue 21, finding 1: event streams could exhaust the API. A reader that opened
 * `Last-Event-ID: 0` and never read got the whole history written into its socket, with no
 * limit on streams per caller. Now: streams per principal and in all are capped (429), a replay
 * is read a page at a time and only as fast as the reader takes it, a reader that stalls is
 * dropped with a bounded buffer, and past EVENT_STREAM_MAX_REPLAY events the stream says
 * `reset` instead of replaying.
 */
const DASHBOARD = 'https://admin.stumbleable.com';
const PER_PRINCIPAL = 3;
const TOTAL = 6;
const BUFFER_BYTES = 65_536;
const MAX_REPLAY = 5000;
const HISTORY = 20_000;
/** Each event carries about this much text: a replay of MAX_REPLAY of them is ~10 MB. */
const EVENT_TEXT = 2000;

const service = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

/**
 * The bytes this process keeps after a full collection. Reading heapUsed without one counts
 * garbage not yet collected (the replays' pages read from Postgres), which varies with when V8
 * last collected: the figure moved by tens of MB from run to run.
 */
function retainedBytes(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

describe('how many event streams a caller may hold', () => {
  let harness: ApiHarness;
  let base: string;
  let clerk: Awaited<ReturnType<typeof createClerkSigner>>;
  const streams: OpenStream[] = [];
  const moderator = async (sub: string) => ({
    authorization: `Bearer ${await clerk.token({ sub, role: 'moderator', azp: DASHBOARD, expiresIn: 600 })}`,
  });
  const open = async (headers: Record<string, string>) => {
    const stream = await openStream(base, '/api/events', headers);
    streams.push(stream);
    return stream;
  };
  // Slots come free when the API sees a socket close, a moment after the client closes it.
  const openOnceFree = (headers: Record<string, string>) =>
    waitFor('a stream slot to come free', async () => {
      const stream = await open(headers);
      return stream.status === 200 ? stream : null;
    });

  beforeAll(async () => {
    clerk = await createClerkSigner();
    harness = await createApiHarness({
      CLERK_JWT_KEY: clerk.publicKeyPem,
      CLERK_ISSUER: clerk.issuer,
      ALLOWED_ORIGINS: DASHBOARD,
      EVENT_STREAMS_PER_PRINCIPAL: String(PER_PRINCIPAL),
      EVENT_STREAMS_TOTAL: String(TOTAL),
    });
    base = await harness.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('refuses a caller past its cap with a 429 that says how many are open, and lets others in', async () => {
    for (let i = 0; i < PER_PRINCIPAL; i++) expect((await openOnceFree(service)).status).toBe(200);
    const refused = await open(service);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'too_many_streams', open: PER_PRINCIPAL, limit: PER_PRINCIPAL });
    expect(refused.body?.message).toContain(`${PER_PRINCIPAL} event streams are open for this caller`);

    // Someone else is not held back by the service key's streams.
    expect((await open(await moderator('user_mod_a'))).status).toBe(200);
    // Nor is an operator signed in to the dashboard with the key: a principal of its own.
    const signIn = await harness.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { serviceKey: TEST_SERVICE_KEY },
    });
    const cookie = signIn.cookies.find((c) => c.name === 'scheduler_session')?.value;
    expect((await open({ cookie: `scheduler_session=${cookie}` })).status).toBe(200);

    // Closing one of the caller's streams gives its place back.
    streams[0]?.close();
    expect((await openOnceFree(service)).status).toBe(200);
  });

  it('refuses everyone past the cap of the whole process', async () => {
    for (const sub of ['user_mod_b', 'user_mod_c', 'user_mod_d']) {
      const headers = await moderator(sub);
      for (let i = 0; i < TOTAL / 3; i++) expect((await openOnceFree(headers)).status).toBe(200);
    }
    const refused = await open(await moderator('user_mod_e'));
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'too_many_streams', open: TOTAL, limit: TOTAL, scope: 'total' });

    streams[0]?.close();
    expect((await openOnceFree(await moderator('user_mod_e'))).status).toBe(200);
  });

  it('gives back the place of a client that left before its stream opened', async () => {
    // Clients that hang up while the API still looks up the job: nobody listens on their
    // sockets yet when the stream starts.
    const [job] = await harness.db.sql`
      INSERT INTO scheduled_jobs (job_type, status) VALUES ('test_noop', 'pending') RETURNING id`;
    const port = Number(new URL(base).port);
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const socket = await pausedStream(port, `/api/jobs/${job?.id}/events`, service);
        setTimeout(() => socket.destroy(), i % 5);
      }),
    );
    // The caller still gets all of its streams.
    for (let i = 0; i < PER_PRINCIPAL; i++) expect((await openOnceFree(service)).status).toBe(200);
  });
});

describe('event streams against a big history', () => {
  let harness: ApiHarness;
  let base: string;
  let port: number;
  let latest: number;
  const serverSockets = new Set<Socket>();
  const clients: Socket[] = [];

  beforeAll(async () => {
    harness = await createApiHarness({
      EVENT_STREAMS_PER_PRINCIPAL: '200',
      EVENT_STREAM_BUFFER_BYTES: String(BUFFER_BYTES),
      EVENT_STREAM_DRAIN_TIMEOUT_MS: '4000',
      EVENT_STREAM_MAX_REPLAY: String(MAX_REPLAY),
    });
    // A week of a busy service: twenty thousand events of ~2 KB.
    await harness.db.sql`
      INSERT INTO job_events (job_id, job_type, kind, data)
      SELECT gen_random_uuid(), 'test_noop', 'log',
             jsonb_build_object('level', 'info', 'message', repeat('x', ${EVENT_TEXT}), 'n', g)
      FROM generate_series(1, ${HISTORY}) g`;
    const [row] = await harness.db.sql`SELECT max(id)::int AS id FROM job_events`;
    latest = row?.id as number;
    harness.app.server.on('connection', (socket: Socket) => serverSockets.add(socket));
    base = await harness.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(base).port);
  });
  afterAll(async () => {
    for (const socket of clients) socket.destroy();
    await harness?.close();
  });

  it('sends `reset` and goes live, rather than replaying more than the bound', async () => {
    const stream = await openStream(base, '/api/events', { ...service, 'last-event-id': '0' });
    const { events } = await stream.read((seen) => seen.length >= 1);
    expect(events[0]).toMatchObject({
      event: 'reset',
      id: String(latest),
      data: { reason: 'too_far_behind', position: String(latest) },
    });
    // And then the stream is live: the next event is the next one written, not the history.
    await harness.db
      .sql`INSERT INTO job_events (job_id, job_type, kind) VALUES (gen_random_uuid(), 'test_noop', 'created')`;
    const { events: after } = await stream.read((seen) => seen.length >= 2);
    expect(after[1]).toMatchObject({ event: 'created', id: String(latest + 1) });
    stream.close();
  });

  it('replays a small gap in full, in order', async () => {
    const [row] = await harness.db.sql`SELECT max(id)::int AS id FROM job_events`;
    const from = (row?.id as number) - 300;
    const stream = await openStream(base, '/api/events', { ...service, 'last-event-id': String(from) });
    const { events } = await stream.read((seen) => seen.length >= 300);
    expect(events.map((e) => Number(e.id))).toEqual(Array.from({ length: 300 }, (_, i) => from + 1 + i));
    stream.close();
  });

  it('holds a bounded number of bytes for readers that never read, and drops them', async () => {
    const replaying = 20;
    const resetting = 10;
    // Each of these has nearly MAX_REPLAY events (~10 MB) to replay, far more than a socket takes in.
    const [row] = await harness.db.sql`SELECT max(id)::int AS id FROM job_events`;
    const from = String((row?.id as number) - MAX_REPLAY + 100);
    for (let i = 0; i < replaying; i++) {
      clients.push(await pausedStream(port, '/api/events', { ...service, 'last-event-id': from }));
    }
    for (let i = 0; i < resetting; i++) {
      clients.push(await pausedStream(port, '/api/events', { ...service, 'last-event-id': '0' }));
    }
    const before = retainedBytes();

    // What the API holds for each reader never exceeds the bound, while the readers are cut.
    let mostHeld = 0;
    const dropped = await waitFor(
      'the stalled readers to be dropped',
      async () => {
        for (const socket of serverSockets) mostHeld = Math.max(mostHeld, socket.writableLength);
        expect(mostHeld).toBeLessThanOrEqual(BUFFER_BYTES + 4 * EVENT_TEXT);
        const cut = [...serverSockets].filter((s) => s.destroyed).length;

        return cut >= replaying ? cut : null;
      },
      { timeoutMs: 20_000, intervalMs: 20 },
    );
    expect(dropped).toBeGreaterThanOrEqual(replaying);
    const held = [...serverSockets].filter((s) => !s.destroyed).reduce((sum, s) => sum + s.writableLength, 0);
    expect(held).toBeLessThanOrEqual(resetting * BUFFER_BYTES);
    // Without the bound the process would hold every replay: 20 × 10 MB and 10 × 40 MB. With it,
    // it keeps about 3 MB more than before the readers came.
    expect(retainedBytes() - before).toBeLessThan(32 * 1024 * 1024);
  }, 40_000);

  it('drops a live reader that stops reading rather than buffering what it does not take', async () => {
    const live = serverSockets.size;
    const paused: Socket[] = [];
    for (let i = 0; i < 5; i++) paused.push(await pausedStream(port, '/api/events', service));
    clients.push(...paused);
    await waitFor('the live streams to open', async () => serverSockets.size >= live + 5);
    const opened = [...serverSockets].slice(live);
    // Live for sure: an event written now reaches each of them.
    const written = opened.map((socket) => socket.bytesWritten);
    await harness.db
      .sql`INSERT INTO job_events (job_id, job_type, kind) VALUES (gen_random_uuid(), 'test_noop', 'created')`;
    await waitFor('a first live event', async () =>
      opened.every((socket, i) => socket.bytesWritten > (written[i] ?? 0)),
    );
    // A burst of ~20 MB of events while they do not read.
    await harness.db.sql`
      INSERT INTO job_events (job_id, job_type, kind, data)
      SELECT gen_random_uuid(), 'test_noop', 'log', jsonb_build_object('message', repeat('y', ${EVENT_TEXT}), 'n', g)
      FROM generate_series(1, 10000) g`;
    let mostHeld = 0;
    await waitFor(
      'the stalled live readers to be dropped',
      async () => {
        for (const socket of opened) mostHeld = Math.max(mostHeld, socket.writableLength);
        expect(mostHeld).toBeLessThanOrEqual(BUFFER_BYTES + 4 * EVENT_TEXT);
        return opened.every((s) => s.destroyed);
      },
      { timeoutMs: 20_000, intervalMs: 20 },
    );
  }, 40_000);

  it('keeps a reader that reads through a burst larger than its buffer, with every event in order', async () => {
    const stream = await openStream(base, '/api/events', service);
    // Live for sure: the first event written after it opened reaches it.
    await harness.db
      .sql`INSERT INTO job_events (job_id, job_type, kind) VALUES (gen_random_uuid(), 'test_noop', 'created')`;
    const { events: first } = await stream.read((seen) => seen.length >= 1);
    const from = Number(first[0]?.id);
    // ~6 MB at once, a hundred times the buffer.
    await harness.db.sql`
      INSERT INTO job_events (job_id, job_type, kind, data)
      SELECT gen_random_uuid(), 'test_noop', 'log', jsonb_build_object('message', repeat('z', ${EVENT_TEXT}), 'n', g)
      FROM generate_series(1, 3000) g`;
    const { events, ended } = await stream.read((seen) => seen.length >= 3001, 20_000);
    expect(ended).toBe(false);
    expect(events.slice(1).map((e) => Number(e.id))).toEqual(Array.from({ length: 3000 }, (_, i) => from + 1 + i));
    stream.close();
  }, 30_000);

  it('pauses a reader that falls behind, then catches it up without a gap once it reads again', async () => {
    const before = new Set(serverSockets);
    const stream = await rawStream(port, '/api/events', service);
    const ours = await waitFor('the stream to open', async () => [...serverSockets].find((s) => !before.has(s)));
    await waitFor('the stream to be live', async () => ours.bytesWritten > 0);
    const watcher = await openStream(base, '/api/events', service);
    await harness.db
      .sql`INSERT INTO job_events (job_id, job_type, kind) VALUES (gen_random_uuid(), 'test_noop', 'created')`;
    const { events: first } = await stream.read((seen) => seen.length >= 1);
    const from = Number(first[0]?.id);
    // The reader stops reading while ~18 MB are written, far more than the kernel's buffers
    // take: the API's buffer fills and the stream falls behind.
    const burst = 4500;
    await harness.db.sql`
      INSERT INTO job_events (job_id, job_type, kind, data)
      SELECT gen_random_uuid(), 'test_noop', 'log', jsonb_build_object('message', repeat('w', 4000), 'n', g)
      FROM generate_series(1, ${burst}) g`;
    // A reader that keeps up has had the whole burst: the paused one has been handed all of it too.
    await watcher.read((seen) => seen.some((e) => Number(e.id) === from + burst), 20_000);
    watcher.close();
    expect(ours.writableNeedDrain).toBe(true);
    // It reads again before the drain timeout: it gets everything, in order, and stays open.
    const { events, ended } = await stream.read((seen) => seen.length >= burst + 1, 20_000);
    expect(ended).toBe(false);
    expect(events.slice(1).map((e) => Number(e.id))).toEqual(Array.from({ length: burst }, (_, i) => from + 1 + i));
    expect(ours.destroyed).toBe(false);
    stream.socket.destroy();
  }, 40_000);

  it('sends `reset` when the events after Last-Event-ID are no longer kept', async () => {
    // Retention deleted the oldest events; a client resumes from before what is kept.
    await harness.db.sql`DELETE FROM job_events WHERE id <= ${latest - 100}`;
    const stream = await openStream(base, '/api/events', { ...service, 'last-event-id': String(latest - 150) });
    const { events } = await stream.read((seen) => seen.length >= 1);
    expect(events[0]).toMatchObject({ event: 'reset', data: { reason: 'history_pruned' } });
    stream.close();
  });
});
