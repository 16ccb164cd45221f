import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildEmailStandIn } from '@scheduler/stand-ins';
import { freePort } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailClient } from '../src/clients/email.ts';

/** The email client against the email stand-in on a real port: its answers, retries and failures. */
const standIn = buildEmailStandIn();
let baseUrl: string;
const message = {
  userId: '00000000-0000-4000-8000-000000000001',
  emailType: 'submission-approved',
  recipientEmail: 'ada@example.com',
  templateData: { submissionUrl: 'https://example.org/a', submissionTitle: 'A' },
};
const options = (key: string) => ({ jobId: 'job-1', idempotencyKey: key });

beforeAll(async () => {
  baseUrl = await standIn.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await standIn.app.close();
});

describe('email client', () => {
  it('sends with the job id and the idempotency key, and answers the email id', async () => {
    const client = createEmailClient({ baseUrl, timeoutMs: 2000 });
    const { emailId } = await client.send(message, options('k1'));
    expect(standIn.sent.at(-1)).toMatchObject({ emailId, idempotencyKey: 'k1', schedulerJobId: 'job-1' });
  });

  it('retries transient failures with the same key, and the service sends once', async () => {
    const client = createEmailClient({ baseUrl, timeoutMs: 2000 });
    standIn.behaviour.failNextRequests = 2;
    const before = standIn.counters.requests;
    await client.send(message, options('k2'));
    expect(standIn.counters.requests - before).toBe(3);
    expect(standIn.sent.filter((e) => e.idempotencyKey === 'k2')).toHaveLength(1);
  });

  it('says what went wrong: a refusal with its body, a timeout, an unreachable service', async () => {
    const client = createEmailClient({ baseUrl, timeoutMs: 300 });
    await expect(client.send({ ...message, recipientEmail: 'x-bounce@example.com' }, options('k3'))).rejects.toThrow(
      /^email-service: answered 400: .*recipient refused/,
    );
    standIn.behaviour.latencyMs = 1000;
    try {
      await expect(
        createEmailClient({ baseUrl, timeoutMs: 200, retries: 0 }).send(message, options('k4')),
      ).rejects.toThrow('email-service: did not answer within 200ms');
    } finally {
      standIn.behaviour.latencyMs = 0;
    }
    // A port nobody listens on.
    const port = await freePort();
    await expect(
      createEmailClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200, retries: 0 }).send(
        message,
        options('k5'),
      ),
    ).rejects.toThrow('email-service: unreachable (ECONNREFUSED)');
  });

  it('stops when its signal is aborted', async () => {
    standIn.behaviour.latencyMs = 1000;
    try {
      const stop = new AbortController();
      const sending = createEmailClient({ baseUrl, timeoutMs: 5000 }).send(message, {
        ...options('k6'),
        signal: stop.signal,
      });
      setTimeout(() => stop.abort(), 50);
      await expect(sending).rejects.toThrow();
      expect(stop.signal.aborted).toBe(true);
    } finally {
      standIn.behaviour.latencyMs = 0;
    }
  });

  it('stops while a retry waits its turn, and sends no further try', async () => {
    standIn.behaviour.failStatus = 503;
    try {
      const stop = new AbortController();
      const before = standIn.counters.requests;
      const sending = createEmailClient({ baseUrl, timeoutMs: 5000 }).send(message, {
        ...options('k7'),
        signal: stop.signal,
      });
      // The first try fails at once; the second would leave 300 ms later.
      await new Promise((resolve) => setTimeout(resolve, 100));
      stop.abort();
      await expect(sending).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(standIn.counters.requests - before).toBe(1);
    } finally {
      standIn.behaviour.failStatus = null;
    }
  });

  it('gives up after its retries with the last transient status', async () => {
    standIn.behaviour.failStatus = 503;
    try {
      const before = standIn.counters.requests;
      await expect(
        createEmailClient({ baseUrl, timeoutMs: 2000, retries: 1 }).send(message, options('k8')),
      ).rejects.toThrow('email-service: answered 503 (after retries)');
      expect(standIn.counters.requests - before).toBe(2);
    } finally {
      standIn.behaviour.failStatus = null;
    }
  });

  it('waits as long as a Retry-After asks before the next try', async () => {
    const tries: number[] = [];
    const server = createServer((req, res) => {
      req.resume();
      tries.push(Date.now());
      if (tries.length === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(201, { 'content-type': 'application/json' }).end('{"success":true,"emailId":"e-1"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await createEmailClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 }).send(
        message,
        options('k9'),
      );
      expect(answer).toEqual({ emailId: 'e-1' });
      expect(tries).toHaveLength(2);
      // Without the header the second try leaves after 300 ms.
      expect((tries[1] as number) - (tries[0] as number)).toBeGreaterThanOrEqual(950);
    } finally {
      server.close();
    }
  });
});
