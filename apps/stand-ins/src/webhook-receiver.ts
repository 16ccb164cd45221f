import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import { z } from 'zod';

/** How the receiver answers; tests change it at run time (in process, or over HTTP). */
export interface ReceiverBehaviour {
  latencyMs: number;
  /** The next N deliveries are answered `failStatus ?? 500`, then the receiver recovers. */
  failNextRequests: number;
  /** Answer every delivery with this status. */
  failStatus: number | null;
}

export const defaultReceiverBehaviour = (): ReceiverBehaviour => ({
  latencyMs: 0,
  failNextRequests: 0,
  failStatus: null,
});

export interface ReceivedDelivery {
  hook: string;
  /** X-Scheduler-Event. */
  event: string | null;
  /** X-Scheduler-Delivery: the same on every retry of one delivery. */
  deliveryId: string | null;
  /** Whether X-Scheduler-Signature signs the raw body with the hook's secret; null when the hook has none. */
  verified: boolean | null;
  /** What the receiver answered. */
  status: number;
  body: unknown;
  receivedAt: string;
}

/** A signature more than this far from the receiver's clock is refused (a replay). */
const TOLERANCE_S = 300;

/**
 * Checks `X-Scheduler-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`
 * the way a receiver of the scheduler's alerts should: on the raw body, within a tolerance of
 * the clock, comparing in constant time. Written from the README's description, not shared with
 * the sender, so a test of the two together checks the documented scheme.
 */
export function signatureHolds(secret: string, rawBody: string, header: string | undefined): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const [, t, v1] = match as unknown as [string, string, string];
  if (Math.abs(Date.now() / 1000 - Number(t)) > TOLERANCE_S) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

const behaviourBody = z
  .strictObject({
    latencyMs: z.int().min(0).max(120_000),
    failNextRequests: z.int().min(0),
    failStatus: z.int().min(300).max(599).nullable(),
  })
  .partial();
const hookName = z.string().regex(/^[\w-]{1,64}$/);

/**
 * A local webhook receiver for alert deliveries: `POST /hooks/<name>` records each delivery with
 * whether its signature holds (for the hook's secret, set with `PUT /__stand-in/webhooks/<name>/secret`
 * or given at start for `default`), and answers 204, or as `behaviour` says (500s for the retry
 * tests). `GET /__stand-in/webhooks` shows what came, for tests and the dashboard's browser tests.
 */
export function buildWebhookReceiver(
  { defaultSecret }: { defaultSecret?: string | undefined } = {},
  behaviour: ReceiverBehaviour = defaultReceiverBehaviour(),
) {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const secrets = new Map<string, string>(defaultSecret ? [['default', defaultSecret]] : []);
  const deliveries: ReceivedDelivery[] = [];
  // The raw body is what the signature covers: kept as it came.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post('/hooks/:hook', async (request, reply) => {
    const hook = hookName.safeParse((request.params as { hook: string }).hook);
    if (!hook.success) return reply.code(404).send({ error: 'not_found' });
    if (behaviour.latencyMs > 0) await new Promise((r) => setTimeout(r, behaviour.latencyMs));
    const raw = typeof request.body === 'string' ? request.body : '';
    const secret = secrets.get(hook.data);
    const header = (name: string) => {
      const value = request.headers[name];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    };
    let status = 204;
    if (behaviour.failStatus !== null) status = behaviour.failStatus;
    else if (behaviour.failNextRequests > 0) {
      behaviour.failNextRequests--;
      status = 500;
    }
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Kept as text: a test sees what came.
    }
    deliveries.push({
      hook: hook.data,
      event: header('x-scheduler-event'),
      deliveryId: header('x-scheduler-delivery'),
      verified: secret ? signatureHolds(secret, raw, header('x-scheduler-signature') ?? undefined) : null,
      status,
      body,
      receivedAt: new Date().toISOString(),
    });
    return status === 204 ? reply.code(204).send() : reply.code(status).send({ error: 'receiver configured to fail' });
  });

  app.get('/__stand-in/webhooks', async (request) => {
    const { hook, event } = request.query as { hook?: string; event?: string };
    return {
      deliveries: deliveries.filter((d) => (!hook || d.hook === hook) && (!event || d.event === event)),
    };
  });
  app.delete('/__stand-in/webhooks', async () => {
    deliveries.length = 0;
    return { ok: true };
  });
  app.put('/__stand-in/webhooks/:hook/secret', async (request, reply) => {
    const hook = hookName.safeParse((request.params as { hook: string }).hook);
    const parsed = z.strictObject({ secret: z.string().min(1).max(500) }).safeParse(jsonOf(request.body));
    if (!hook.success || !parsed.success) return reply.code(400).send({ error: 'invalid hook or secret' });
    secrets.set(hook.data, parsed.data.secret);
    return { ok: true };
  });
  app.put('/__stand-in/webhook-behaviour', async (request, reply) => {
    const parsed = behaviourBody.safeParse(jsonOf(request.body));
    if (!parsed.success) return reply.code(400).send({ error: 'invalid behaviour', details: parsed.error.issues });
    Object.assign(behaviour, parsed.data);
    return behaviour;
  });

  return { app, behaviour, deliveries, secrets };
}

/** A raw JSON body parsed, or undefined when it is not JSON. */
function jsonOf(raw: unknown): unknown {
  try {
    return JSON.parse(String(raw));
  } catch {
    return undefined;
  }
}
