import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { TEST_SERVICE_KEY, type TestDatabase } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let harness: ApiHarness;
let db: TestDatabase;
let app: FastifyInstance;
const logLines: string[] = [];
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  harness = await createApiHarness(
    { ALLOWED_ORIGINS: 'https://admin.stumbleable.com', RATE_LIMIT_WRITES_PER_MINUTE: '3', LOG_LEVEL: 'debug' },
    { logStream },
  );
  ({ db, app } = harness);
});

afterAll(async () => {
  await harness?.close();
});

describe('hardening', () => {
  it('sends security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('allows CORS for the configured origin and not for others', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/jobs/trigger',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('https://admin.stumbleable.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.stumbleable.com');
    const unknown = await preflight('https://evil.example');
    expect(unknown.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 429 with Retry-After past the per-caller write limit, and writes nothing', async () => {
    const trigger = () =>
      app.inject({ method: 'POST', url: '/api/jobs/trigger', headers: auth, payload: { jobType: 'test_noop' } });
    for (let i = 0; i < 3; i++) expect((await trigger()).statusCode).toBe(202);
    const limited = await trigger();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({
      error: 'rate_limited',
      message: expect.stringMatching(/the limit is 3 per minute/),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const [row] = await db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`;
    expect(row?.n).toBe(3);
    // Reads are not limited.
    expect((await app.inject({ method: 'GET', url: '/api/jobs', headers: auth })).statusCode).toBe(200);
  });

  it('answers a body that breaks off without an error of its own (the client has no address any more)', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write(
      'POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
    );
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    // Hooks still running after the socket closed have had their turn.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = logLines.join('');
    expect(log).not.toContain('"level":50');
    expect(log).not.toContain('toLowerCase');
  });

  it('never writes the service key or cookies to the log', async () => {
    await app.inject({
      method: 'GET',
      url: '/api/jobs',
      headers: { ...auth, cookie: '__session=secret-session-token', 'x-service-token': TEST_SERVICE_KEY },
    });
    await app.inject({ method: 'GET', url: '/api/jobs', headers: { authorization: 'Bearer wrong-key-but-secret' } });
    const log = logLines.join('');
    expect(log).toContain('GET /api/jobs 200');
    expect(log).not.toContain(TEST_SERVICE_KEY);
    expect(log).not.toContain('secret-session-token');
    expect(log).not.toContain('wrong-key-but-secret');
  });
});
