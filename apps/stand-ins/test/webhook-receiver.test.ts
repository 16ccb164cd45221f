import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebhookReceiver } from '../src/webhook-receiver.ts';

/** The local alert webhook receiver over HTTP: what it records, how it verifies, how tests steer it. */
const receiver = buildWebhookReceiver({ defaultSecret: 'default-secret-0123456789abcdef' });
let url: string;

const sign = (secret: string, body: string, t = Math.floor(Date.now() / 1000)) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
const deliver = (hook: string, body: string, signature?: string) =>
  fetch(`${url}/hooks/${hook}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-scheduler-event': 'alert.test',
      'x-scheduler-delivery': 'd-1',
      ...(signature ? { 'x-scheduler-signature': signature } : {}),
    },
    body,
  });
const put = (path: string, body: string) =>
  fetch(`${url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });

beforeAll(async () => {
  url = await receiver.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await receiver.app.close();
});

describe('webhook receiver', () => {
  it('verifies the signature of the raw body with the hook’s secret, and refuses a wrong, altered or old one', async () => {
    const body = '{"type":"alert.test","n":1}';
    const secret = 'default-secret-0123456789abcdef';
    await deliver('default', body, sign(secret, body));
    await deliver('default', body, sign('another-secret-0123456789abcdef', body));
    await deliver('default', `${body} `, sign(secret, body));
    await deliver('default', body, sign(secret, body, Math.floor(Date.now() / 1000) - 3600));
    await deliver('default', body);
    await deliver('unknown', body, sign(secret, body));
    const { deliveries } = (await (await fetch(`${url}/__stand-in/webhooks`)).json()) as {
      deliveries: Array<{ hook: string; verified: boolean | null; event: string; deliveryId: string }>;
    };
    expect(deliveries.map((d) => [d.hook, d.verified])).toEqual([
      ['default', true],
      ['default', false],
      ['default', false],
      ['default', false],
      ['default', false],
      ['unknown', null],
    ]);
    expect(deliveries[0]).toMatchObject({ event: 'alert.test', deliveryId: 'd-1' });
  });

  it('takes a hook’s secret and a behaviour over HTTP, and refuses bad ones', async () => {
    expect((await put('/__stand-in/webhooks/ops/secret', '{"secret":"ops-secret"}')).status).toBe(200);
    expect((await put('/__stand-in/webhooks/ops/secret', 'nope')).status).toBe(400);
    expect((await put('/__stand-in/webhook-behaviour', '{"failNextRequests":1}')).status).toBe(200);
    expect((await put('/__stand-in/webhook-behaviour', '{"failStatus":"x"}')).status).toBe(400);
    const body = '{}';
    expect((await deliver('ops', body, sign('ops-secret', body))).status).toBe(500);
    expect((await deliver('ops', body, sign('ops-secret', body))).status).toBe(204);
    const { deliveries } = (await (await fetch(`${url}/__stand-in/webhooks?hook=ops`)).json()) as {
      deliveries: Array<{ verified: boolean; status: number }>;
    };
    expect(deliveries).toEqual([
      expect.objectContaining({ verified: true, status: 500 }),
      expect.objectContaining({ verified: true, status: 204 }),
    ]);
    expect((await fetch(`${url}/__stand-in/webhooks`, { method: 'DELETE' })).status).toBe(200);
    expect(receiver.deliveries).toEqual([]);
  });
});
