import type { AddressInfo } from 'node:net';
import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw, requestHead } from './raw-http.ts';

// Issue 21, finding 4: 1,867 unauthenticated 64 KB bodies were all read and parsed before being
// refused (API memory 236 -> 448 MB). Authentication and the rate limits must answer first.
const BODY_BYTES = 64 * 1024;
const AUTH_FAILURES_PER_MINUTE = 3;

let h: ApiHarness;
let port: number;
// Every request whose body Fastify set out to read and parse: preParsing runs just before.
const parsed: string[] = [];

beforeAll(async () => {
  h = await createApiHarness(
    { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURES_PER_MINUTE) },
    {
      logger: false,
      onInstance: (instance) => {
        instance.addHook('preParsing', async (request) => {
          parsed.push(`${request.method} ${request.url}`);
        });
      },
    },
  );
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  port = (h.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await h?.close();
});

/**
 * Sends the head of a 64 KB JSON request and 1 KB of its body, never the rest: an answer that
 * arrives proves the body was not waited for.
 */
async function partialBody(method: string, path: string, headers: Record<string, string> = {}) {
  const client = await openRaw(port);
  try {
    client.write(
      requestHead(method, path, { ...headers, 'content-type': 'application/json', 'content-length': BODY_BYTES }),
    );
    client.write(`{"padding":"${'x'.repeat(1024)}`);
    const answer = await client.answer(5000);
    // Nor is the rest waited for afterwards: the connection is closed, not kept to drain it.
    const closedAfterMs = await client.closed(2000).catch(() => null);
    return {
      status: answer.status,
      body: JSON.parse(answer.body) as { error: string; message: string },
      closed: closedAfterMs !== null,
    };
  } finally {
    client.socket.destroy();
  }
}

const jobCount = async () => Number((await h.db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`)[0]?.n);

describe('unauthenticated requests are refused before their body is read', () => {
  it.each([
    ['a write route', 'POST', '/api/jobs/trigger'],
    ['a route that does not exist', 'POST', '/api/nothing-here'],
    ['a path under another method', 'PUT', '/api/jobs/trigger'],
    ["Bull Board's add job", 'POST', '/admin/queues/api/queues/test_noop/add'],
    ['a path under /health that is no probe', 'POST', '/health/x'],
    ['a probe under a method it does not take', 'PUT', '/health'],
  ])('%s answers 401 with the body never sent in full', async (_what, method, path) => {
    const before = parsed.length;
    const answer = await partialBody(method, path);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('unauthorized');
    expect(answer.closed).toBe(true);
    expect(parsed.slice(before)).toEqual([]);
  });

  it('limits sign-in attempts per address before reading them', async () => {
    const signIn = () =>
      h.app.inject({
        method: 'POST',
        url: '/api/session',
        remoteAddress: '127.0.0.1',
        payload: { serviceKey: 'a-wrong-guess-of-the-service-key' },
      });
    for (let i = 0; i < AUTH_FAILURES_PER_MINUTE; i++) expect((await signIn()).statusCode).toBe(401);
    const before = parsed.length;
    const answer = await partialBody('POST', '/api/session');
    expect(answer.status).toBe(429);
    expect(answer.body).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/sign-in attempts/) });
    expect(parsed.slice(before)).toEqual([]);
  });

  it('refuses a flood of 64 KB bodies with wrong keys, unread once the address is over its limit', async () => {
    const wrongKey = { authorization: 'Bearer not-the-service-key-at-all-0000' };
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push((await partialBody('POST', '/api/jobs/trigger', wrongKey)).status);
    // The address already spent its budget on the sign-ins above: every one is a 429.
    expect(answers).toEqual(Array(20).fill(429));
    expect(parsed.filter((p) => p.includes('/api/jobs/trigger'))).toEqual([]);
    expect(await jobCount()).toBe(0);
  });

  it('answers a concurrent flood of complete unauthenticated 64 KB bodies without parsing one', async () => {
    const body = JSON.stringify({ jobType: 'test_noop', payload: { padding: 'x'.repeat(BODY_BYTES - 100) } });
    const base = `http://127.0.0.1:${port}`;
    const paths = ['/api/jobs/trigger', '/api/nothing-here', '/admin/queues/api/queues/test_noop/add'];
    const before = parsed.length;
    const statuses = await Promise.all(
      Array.from({ length: 150 }, async (_, i) => {
        const res = await fetch(`${base}${paths[i % paths.length]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(parsed.slice(before)).toEqual([]);
    expect(await jobCount()).toBe(0);
  });

  it('still reads the body of an authenticated request', async () => {
    const before = parsed.length;
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
      payload: { jobType: 'test_noop' },
    });
    expect(res.statusCode).toBe(202);
    expect(parsed.slice(before)).toEqual(['POST /api/jobs/trigger']);
  });
});
