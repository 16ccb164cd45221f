import { setTimeout as sleep } from 'node:timers/promises';
import { buildEmailStandIn, buildWebhookReceiver } from '@scheduler/stand-ins';
import {
  createTestDatabase,
  deleteQueueKeys,
  TEST_SERVICE_KEY,
  type TestDatabase,
  testApiConfig,
  testJobs,
  uniqueQueuePrefix,
  waitFor,
} from '@scheduler/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createApiDeps } from '../src/index.ts';

/**
 * The API runs the alert evaluator (the watch): alerts open and resolve through it, reach the
 * local webhook receiver, are silenced through the API, and an API restart repeats nothing. A
 * channel's test alert is signed with the secret the API showed once.
 */
const SECRET = 'api-alert-secret-0123456789abcdef';
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };
const receiver = buildWebhookReceiver({ defaultSecret: SECRET });
const email = buildEmailStandIn();
let receiverUrl: string;
let emailUrl: string;
let db: TestDatabase;
let prefix: string;
let app: FastifyInstance;

async function startApi() {
  app = await buildApp(
    createApiDeps(
      testApiConfig(
        { databaseUrl: db.url, queuePrefix: prefix, emailUrl },
        {
          ALERTS_ENABLED: 'true',
          ALERT_EVALUATE_MS: '100',
          ALERT_RETRY_BASE_MS: '100',
          ALERT_WEBHOOK_URL: `${receiverUrl}/hooks/default`,
          ALERT_WEBHOOK_SECRET: SECRET,
        },
      ),
      { extraJobs: testJobs },
    ),
    { logger: false },
  );
}
const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
const delivered = (hook: string, event?: string) =>
  receiver.deliveries.filter((d) => d.hook === hook && (!event || d.event === event));

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = uniqueQueuePrefix();
  receiverUrl = await receiver.app.listen({ port: 0, host: '127.0.0.1' });
  emailUrl = await email.app.listen({ port: 0, host: '127.0.0.1' });
  await db.sql`UPDATE alert_rules SET enabled = (kind = 'final_failure')`;
  await startApi();
});
afterAll(async () => {
  await app?.close();
  await receiver.app.close();
  await email.app.close();
  await deleteQueueKeys(prefix);
  await db?.drop();
});

describe('alerts from the API process', () => {
  it('opens an alert shown by the API with its delivery, silences it, and a restart repeats nothing', async () => {
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, attempts, max_attempts, completed_at, error)
      VALUES ('test_script', 'failed', 3, 3, now(), 'scripted failure')`;
    await waitFor('the opened delivery', async () => delivered('default', 'alert.opened').length === 1);
    const { alerts } = (await call('GET', '/api/alerts?state=open')).json() as {
      alerts: Array<{ id: string; notifications: Array<{ deliveredAt: string | null; channelName: string }> }>;
    };
    expect(alerts).toHaveLength(1);
    const id = alerts[0]?.id as string;
    await waitFor('the delivery on record', async () => {
      const alert = (await call('GET', `/api/alerts/${id}`)).json() as (typeof alerts)[number];
      return alert.notifications[0]?.deliveredAt !== null;
    });
    expect((await call('GET', `/api/alerts/${id}`)).json()).toMatchObject({
      notifications: [{ channelName: 'Default webhook (ALERT_WEBHOOK_URL)', transition: 'opened', attempts: 1 }],
    });

    // Restarted after the delivery: nothing is sent again.
    await app.close();
    await startApi();
    await sleep(1000);
    expect(delivered('default')).toHaveLength(1);

    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect((await call('POST', `/api/alerts/${id}/silence`, { until })).statusCode).toBe(200);
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, attempts, max_attempts, started_at, completed_at, created_at)
      VALUES ('test_script', 'completed', 1, 3, now(), now(), now() + interval '1 millisecond')`;
    await waitFor(
      'the alert resolved',
      async () => (await call('GET', `/api/alerts/${id}`)).json().state === 'resolved',
    );
    await sleep(500);
    expect(delivered('default')).toHaveLength(1);
    const audit = (await call('GET', '/api/audit?actor=system')).json() as { entries: Array<{ action: string }> };
    expect(audit.entries.map((e) => e.action).sort()).toEqual(['alert.open', 'alert.resolve']);
  });

  it('sends a test alert to a new webhook, signed with the secret shown once', async () => {
    const created = await call('POST', '/api/alert-channels', {
      kind: 'webhook',
      name: 'ops',
      url: `${receiverUrl}/hooks/ops`,
    });
    const { id, secret } = created.json() as { id: string; secret: string };
    // As a receiver's owner would: the secret goes to the receiver, and only there.
    const registered = await fetch(`${receiverUrl}/__stand-in/webhooks/ops/secret`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret }),
    });
    expect(registered.status).toBe(200);
    const test = await call('POST', `/api/alert-channels/${id}/test`);
    expect(test.json()).toMatchObject({ delivered: true, status: 204, error: null, sent: { type: 'alert.test' } });
    expect(delivered('ops')).toEqual([
      expect.objectContaining({ event: 'alert.test', verified: true, deliveryId: test.json().sent.deliveryId }),
    ]);

    // A receiver that is down: the answer says so, and nothing else happens.
    const down = await call('POST', '/api/alert-channels', {
      kind: 'webhook',
      name: 'down',
      url: 'http://127.0.0.1:9/x',
    });
    const failed = await call('POST', `/api/alert-channels/${down.json().id}/test`);
    expect(failed.json()).toMatchObject({
      delivered: false,
      status: null,
      error: expect.stringMatching(/unreachable/),
    });
  });

  it('sends a test alert to an email channel through email-service, with the alert template', async () => {
    const created = await call('POST', '/api/alert-channels', {
      kind: 'email',
      name: 'mail',
      email: 'oncall@example.com',
    });
    const test = await call('POST', `/api/alert-channels/${created.json().id}/test`);
    expect(test.json()).toMatchObject({ delivered: true, status: 201, error: null });
    expect(email.sent).toEqual([
      expect.objectContaining({
        emailType: 'scheduler-alert',
        recipientEmail: 'oncall@example.com',
        idempotencyKey: `alert-notification:${test.json().sent.deliveryId}`,
        templateData: expect.objectContaining({ event: 'alert.test', kind: 'test', email: 'oncall@example.com' }),
      }),
    ]);
  });
});
