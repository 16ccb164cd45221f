import type { AddressInfo } from 'node:net';
import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw, requestHead } from './raw-http.ts';

// Issue 21, finding 3: Fastify's request and connection timeouts were 0, so 700 trickling or
// stalled bodies held their connections for 150 s. Short limits here; the defaults are 30 s
// for a whole request and 10 s of silence.
const REQUEST_TIMEOUT_MS = 1500;
const IDLE_TIMEOUT_MS = 400;
// Node looks for requests past their limit every REQUEST_TIMEOUT_MS / 4 (at most 1 s), and this
// machine may be busy: how late past a limit the close may come.
const SLACK_MS = 1500;

let h: ApiHarness;
let port: number;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  h = await createApiHarness({
    REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    REQUEST_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
  });
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  port = (h.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await h?.close();
});

const triggerHead = (length: number) =>
  requestHead('POST', '/api/jobs/trigger', { ...auth, 'content-type': 'application/json', 'content-length': length });

describe('slow clients are timed out', () => {
  it('answers a body that stops arriving with a 408 and closes its connection once it has been silent too long', async () => {
    const client = await openRaw(port);
    client.write(`${triggerHead(1000)}{"jobType":"test_noop",`);
    const answer = await client.answer(IDLE_TIMEOUT_MS + SLACK_MS);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'request_timeout',
      message: expect.stringMatching(/stopped arriving/),
    });
    const closedAfter = await client.closed(IDLE_TIMEOUT_MS + SLACK_MS);
    expect(closedAfter).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 50);
    const [row] = await h.db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`;
    expect(row?.n).toBe(0);
    // The read that failed with the connection is not taken for Postgres going away.
    const next = await h.app.inject({ method: 'GET', url: '/api/jobs', headers: auth });
    expect(next.statusCode, next.body).toBe(200);
  });

  it('answers a body that trickles in, never silent for long, with a 408 once the whole request is late', async () => {
    const client = await openRaw(port);
    client.write(triggerHead(10_000));
    // A byte every IDLE_TIMEOUT_MS / 4: the idle limit never fires, the request limit must.
    const trickle = setInterval(() => client.write(' '), IDLE_TIMEOUT_MS / 4);
    try {
      const answer = await client.answer(REQUEST_TIMEOUT_MS + SLACK_MS);
      expect(answer.status, answer.body).toBe(408);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'request_timeout' });
      expect(answer.afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
      await client.closed(SLACK_MS);
    } finally {
      clearInterval(trickle);
      client.socket.destroy();
    }
  });

  it('answers headers that never end with a 408 and closes the connection', async () => {
    const client = await openRaw(port);
    client.write('POST /api/jobs/trigger HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const answer = await client.answer(IDLE_TIMEOUT_MS + SLACK_MS);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'request_timeout' });
    await client.closed(SLACK_MS);
  });

  it('still takes a body that arrives in pieces within the limits', async () => {
    const client = await openRaw(port);
    const body = JSON.stringify({ jobType: 'test_noop' });
    client.write(triggerHead(Buffer.byteLength(body)) + body.slice(0, 5));
    await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS / 4));
    client.write(body.slice(5));
    const answer = await client.answer(5000);
    expect(answer.status).toBe(202);
    client.socket.destroy();
  });

  it('leaves an event stream open past every limit: they bound how long a request takes to arrive', async () => {
    const client = await openRaw(port);
    client.write(requestHead('GET', '/api/events', { ...auth, accept: 'text/event-stream' }));
    const head = await client.answer(5000);
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toMatch(/text\/event-stream/);
    // Quiet until its first heartbeat (15 s): no limit may close it meanwhile.
    await expect(client.closed(REQUEST_TIMEOUT_MS + SLACK_MS)).rejects.toThrow(/no close/);
    client.socket.destroy();
  });
});
