import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AlertKind, createAlertOutbox, createAlerts, jsonParam } from '@scheduler/db';
import { buildEmailStandIn, buildWebhookReceiver, type ReceivedDelivery } from '@scheduler/stand-ins';
import { createTestDatabase, type TestDatabase, waitFor } from '@scheduler/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AlertSettings,
  sendWebhook,
  signDelivery,
  startAlertWatch,
  testDelivery,
  verifyDelivery,
} from '../src/alerts/index.ts';
import { createEmailClient } from '../src/clients/email.ts';
import { startWatch, type Watch } from '../src/watch.ts';

/**
 * The alert rules, evaluated by the watch against the real Postgres, delivered to the real local
 * webhook receiver and email stand-in: each rule fires once, deduplicates, resolves and is
 * silenced; deliveries are signed, retried with backoff, and neither lost nor repeated when the
 * evaluator restarts.
 */
const SECRET = 'alert-test-secret-0123456789abcdef';
const EVERY_MS = 100;
const receiver = buildWebhookReceiver({ defaultSecret: SECRET });
const emailStandIn = buildEmailStandIn();
let receiverUrl: string;
let emailUrl: string;
let db: TestDatabase;
let watch: Watch | null = null;
const paused = new Set<string>();
const silentLog = { info() {}, warn() {}, error() {} };

const settings = (extra: Partial<AlertSettings> = {}): AlertSettings => ({
  ALERTS_ENABLED: true,
  ALERT_EVALUATE_MS: EVERY_MS,
  ALERT_DELIVERY_TIMEOUT_MS: 2000,
  ALERT_RETRY_BASE_MS: 200,
  ALERT_DELIVERY_ATTEMPTS: 5,
  DASHBOARD_PUBLIC_URL: 'http://127.0.0.1:7005/dashboard',
  WORKER_LIVE_WITHIN_MS: 15_000,
  ALERT_WEBHOOK_URL: `${receiverUrl}/hooks/default`,
  ALERT_WEBHOOK_SECRET: SECRET,
  ...extra,
});

function start(extra: Partial<AlertSettings> = {}) {
  watch = startAlertWatch({
    sql: db.sql,
    settings: settings(extra),
    jobTypes: ['test_script', 'test_noop'],
    pausedQueues: async () => paused,
    email: createEmailClient({ baseUrl: emailUrl, timeoutMs: 2000, retries: 0 }),
    log: silentLog,
  });
}
async function stop() {
  await watch?.stop();
  watch = null;
}

/** Only the built-in rule of `kind` is on, with these params. */
async function only(kind: AlertKind, params?: Record<string, unknown>) {
  await db.sql`UPDATE alert_rules SET enabled = (kind = ${kind})`;
  if (params) await db.sql`UPDATE alert_rules SET params = ${jsonParam(db.sql, params)} WHERE built_in = ${kind}`;
}

const deliveries = (event?: string): ReceivedDelivery[] =>
  receiver.deliveries.filter((d) => d.hook === 'default' && (!event || d.event === event));
const waitForDelivery = (event: string, count = 1) =>
  waitFor(`${count} ${event} deliveries`, async () => deliveries(event).length >= count, { timeoutMs: 10_000 });
/** Some evaluation passes go by, so that anything they would wrongly do has happened. */
const passes = (n = 8) => sleep(EVERY_MS * n);

const alertRows = () => db.sql`SELECT * FROM alerts ORDER BY opened_at`;
async function failJobs(type: string, n: number, error = 'boom') {
  await db.sql`
    INSERT INTO scheduled_jobs (job_type, status, attempts, max_attempts, started_at, completed_at, error, created_at)
    SELECT ${type}, 'failed', 3, 3, now(), now(), ${error} || ' #' || i, now() FROM generate_series(1, ${n}) AS i`;
}
async function completeJob(type: string) {
  const [row] = await db.sql`
    INSERT INTO scheduled_jobs (job_type, status, attempts, max_attempts, started_at, completed_at, created_at)
    VALUES (${type}, 'completed', 1, 3, now() - interval '1 second', now(), now() + interval '1 millisecond') RETURNING id`;
  return row?.id as string;
}

beforeAll(async () => {
  db = await createTestDatabase();
  receiverUrl = await receiver.app.listen({ port: 0, host: '127.0.0.1' });
  emailUrl = await emailStandIn.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await stop();
  await receiver.app.close();
  await emailStandIn.app.close();
  await db?.drop();
});
beforeEach(async () => {
  await db.sql`TRUNCATE alerts, alert_notifications, alert_silences, scheduled_jobs, worker_heartbeats, schedules, watch_leases CASCADE`;
  await db.sql`DELETE FROM alert_rules WHERE built_in IS NULL`;
  await db.sql`DELETE FROM alert_channels`;
  receiver.deliveries.length = 0;
  Object.assign(receiver.behaviour, { latencyMs: 0, failNextRequests: 0, failStatus: null });
  receiver.secrets.set('default', SECRET);
  paused.clear();
});
afterEach(async () => {
  await stop();
});

describe('final_failure', () => {
  it('100 failing jobs of a type open one alert, delivered once and signed; a later completion resolves it', async () => {
    await only('final_failure');
    start();
    await failJobs('test_script', 100);
    await waitForDelivery('alert.opened');
    await passes();
    const [alert, ...others] = await alertRows();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ state: 'open', kind: 'final_failure', subject_name: 'test_script' });
    expect(alert?.details).toMatchObject({ failures: 100 });
    const [opened, ...more] = deliveries();
    expect(more).toEqual([]);
    expect(opened).toMatchObject({ verified: true, status: 204, deliveryId: expect.any(String) });
    expect(opened?.body).toMatchObject({
      type: 'alert.opened',
      alert: {
        id: alert?.id,
        kind: 'final_failure',
        subject: { kind: 'job_type', name: 'test_script' },
        state: 'open',
        summary: expect.stringContaining('100 test_script jobs failed their last attempt'),
        url: `http://127.0.0.1:7005/dashboard/alerts?alert=${alert?.id}`,
      },
    });

    const okId = await completeJob('test_script');
    await waitForDelivery('alert.resolved');
    await passes();
    expect(deliveries()).toHaveLength(2);
    const resolved = deliveries('alert.resolved')[0];
    expect(resolved?.body).toMatchObject({
      type: 'alert.resolved',
      alert: { id: alert?.id, state: 'resolved', resolution: expect.stringContaining(okId) },
    });
    expect(resolved?.verified).toBe(true);
    const audit = await db.sql`
      SELECT action, actor_user_id FROM scheduler_audit_log WHERE target = ${alert?.id as string} ORDER BY id`;
    expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([
      ['alert.open', 'system'],
      ['alert.resolve', 'system'],
    ]);
  });

  it('failures from before the rule existed open nothing', async () => {
    await only('final_failure');
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, attempts, max_attempts, completed_at, error, created_at)
      VALUES ('test_script', 'failed', 3, 3, now() - interval '30 days', 'old', now() - interval '30 days')`;
    await db.sql`UPDATE alert_rules SET created_at = now() - interval '1 day'`;
    start();
    await passes();
    expect(await alertRows()).toEqual([]);
  });
});

describe('missed_slot', () => {
  it("fires when a schedule's slot passes its grace with no worker, once; resolves when the slot is settled", async () => {
    await only('missed_slot');
    await db.sql`
      INSERT INTO schedules (name, job_type, cron, enabled, last_slot_at, created_at)
      VALUES ('minutely', 'test_noop', '* * * * *', TRUE, now() - interval '5 minutes', now() - interval '1 hour')`;
    start();
    await waitForDelivery('alert.opened');
    await passes();
    const [alert, ...others] = await alertRows();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ kind: 'missed_slot', subject_kind: 'schedule', subject_name: 'minutely' });
    expect(alert?.details).toMatchObject({ reason: 'no_worker', jobType: 'test_noop' });
    expect(alert?.summary).toMatch(/minutely: the run due at .* did not start by .*no worker serves test_noop/);
    expect(deliveries()).toHaveLength(1);

    // What the firing engine does once a worker serves the queue: the slots are settled.
    await db.sql`UPDATE schedules SET last_slot_at = now() WHERE name = 'minutely'`;
    await waitForDelivery('alert.resolved');
    expect(deliveries('alert.resolved')[0]?.body).toMatchObject({ alert: { resolution: 'minutely is on time again' } });
  });

  it('says the queue is paused when a worker serves it', async () => {
    await only('missed_slot');
    await db.sql`
      INSERT INTO schedules (name, job_type, cron, enabled, last_slot_at)
      VALUES ('minutely', 'test_noop', '* * * * *', TRUE, now() - interval '5 minutes')`;
    await db.sql`
      INSERT INTO worker_heartbeats (worker_id, host, pid, queues, started_at) VALUES ('w1', 'h', 1, '{test_noop}', now())`;
    paused.add('test_noop');
    start();
    await waitForDelivery('alert.opened');
    expect((await alertRows())[0]?.details).toMatchObject({ reason: 'queue_paused' });
  });
});

describe('long_run', () => {
  it('fires for a job running past its bound and resolves when it ends', async () => {
    await only('long_run', { maxMs: 1000, factor: 3, minMs: 300_000 });
    const [job] = await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, attempts, started_at, created_at)
      VALUES ('test_script', 'running', 1, now() - interval '5 seconds', now() - interval '5 seconds') RETURNING id`;
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, attempts, started_at)
      VALUES ('test_script', 'running', 1, now() - interval '3 seconds')`;
    start();
    await waitForDelivery('alert.opened');
    await passes();
    const [alert, ...others] = await alertRows();
    expect(others).toEqual([]);
    expect(alert?.details).toMatchObject({ jobId: job?.id, boundMs: 1000, jobs: 2 });
    await db.sql`UPDATE scheduled_jobs SET status = 'completed', completed_at = now()`;
    await waitForDelivery('alert.resolved');
    expect(deliveries()).toHaveLength(2);
  });

  it('by default, bounds a run by 3 × its type’s p90 (with a floor)', async () => {
    await only('long_run', { maxMs: null, factor: 3, minMs: 1000 });
    // Five past runs of 1 s: the bound is max(1 s, 3 × 1 s) = 3 s.
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, attempts, started_at, completed_at, created_at)
      SELECT 'test_noop', 'completed', 1, now() - interval '1 hour' - interval '1 second', now() - interval '1 hour',
             now() - interval '1 hour' FROM generate_series(1, 5)`;
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, attempts, started_at) VALUES ('test_noop', 'running', 1, now() - interval '2 seconds')`;
    start();
    await passes(10);
    expect(await alertRows()).toEqual([]);
    await waitForDelivery('alert.opened');
    expect((await alertRows())[0]?.details).toMatchObject({ boundMs: 3000 });
  });
});

describe('no_success', () => {
  it('fires when a type has not succeeded within its window, and resolves on a success', async () => {
    await only('final_failure');
    await db.sql`UPDATE alert_rules SET enabled = FALSE`;
    await db.sql`
      INSERT INTO alert_rules (kind, name, subject_kind, subject_name, params)
      VALUES ('no_success', 'noop succeeds each second', 'job_type', 'test_noop', '{"windowMs": 1000}')`;
    start();
    await waitForDelivery('alert.opened');
    await passes();
    expect(await alertRows()).toHaveLength(1);
    const okId = await completeJob('test_noop');
    await waitForDelivery('alert.resolved');
    expect(deliveries('alert.resolved')[0]?.body).toMatchObject({
      alert: { resolution: expect.stringContaining(okId) },
    });
  });
});

describe('backlog_age', () => {
  it('fires when the oldest waiting job is older than the bound, and resolves when it is taken', async () => {
    await only('backlog_age', { maxAgeMs: 1000 });
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, created_at, updated_at)
      SELECT 'test_script', 'pending', now() - interval '5 seconds', now() - interval '5 seconds' FROM generate_series(1, 3)`;
    start();
    await waitForDelivery('alert.opened');
    await passes();
    const [alert, ...others] = await alertRows();
    expect(others).toEqual([]);
    expect(alert?.details).toMatchObject({ waiting: 3 });
    await db.sql`UPDATE scheduled_jobs SET status = 'running', started_at = now()`;
    await waitForDelivery('alert.resolved');
  });
});

describe('no_worker', () => {
  it('fires when no live worker has served a queue for the bound, and resolves when one does', async () => {
    await only('no_worker', { afterMs: 1000 });
    await db.sql`
      INSERT INTO worker_heartbeats (worker_id, host, pid, queues, started_at, seen_at)
      VALUES ('w1', 'h', 1, '{test_noop}', now(), now()),
             ('w0', 'h', 2, '{test_script}', now() - interval '1 hour', now() - interval '1 minute')`;
    const beat = setInterval(
      () => void db.sql`UPDATE worker_heartbeats SET seen_at = now() WHERE worker_id = 'w1'`,
      200,
    );
    try {
      start();
      await waitForDelivery('alert.opened');
      await passes();
      const [alert, ...others] = await alertRows();
      expect(others).toEqual([]);
      expect(alert).toMatchObject({ subject_kind: 'queue', subject_name: 'test_script' });
      await db.sql`UPDATE worker_heartbeats SET seen_at = now(), queues = '{test_noop,test_script}' WHERE worker_id = 'w1'`;
      await waitForDelivery('alert.resolved');
    } finally {
      clearInterval(beat);
    }
  });
});

describe('silences', () => {
  it('hold notifications back until their time, for the alert and for its rule and subject; history stays', async () => {
    await only('final_failure');
    start();
    await failJobs('test_script', 1);
    await waitForDelivery('alert.opened');
    const [first] = await alertRows();
    await db.sql`
      UPDATE alerts SET silenced_until = now() + interval '1 hour', silenced_by = 'admin' WHERE id = ${first?.id as string}`;
    await db.sql`
      INSERT INTO alert_silences (rule_id, subject_kind, subject_name, until, created_by)
      VALUES (${first?.rule_id as string}, 'job_type', 'test_script', now() + interval '1 hour', 'admin')`;

    await completeJob('test_script');
    await waitFor('the alert resolved', async () => (await alertRows())[0]?.state === 'resolved');
    await failJobs('test_script', 1);
    await waitFor('a second alert', async () => (await alertRows()).length === 2);
    await passes();
    // Resolved and reopened, in the history, and nobody told.
    expect(deliveries()).toHaveLength(1);
    const [, second] = await alertRows();
    expect(second).toMatchObject({ state: 'open', silenced_by: 'admin' });

    // The silence ends: the alert still open is told.
    await db.sql`UPDATE alerts SET silenced_until = now() WHERE id = ${second?.id as string}`;
    await waitForDelivery('alert.opened', 2);
    expect(deliveries('alert.opened')[1]?.body).toMatchObject({ alert: { id: second?.id } });
  });
});

/** For each kind: a condition that makes its built-in rule fire for one subject, and its end. */
const CONDITIONS: Array<{
  kind: AlertKind;
  params?: Record<string, unknown>;
  subject: { kind: string; name: string };
  arrange(): Promise<void>;
  clear(): Promise<void>;
}> = [
  {
    kind: 'final_failure',
    subject: { kind: 'job_type', name: 'test_script' },
    arrange: () => failJobs('test_script', 3),
    clear: async () => void (await completeJob('test_script')),
  },
  {
    kind: 'missed_slot',
    subject: { kind: 'schedule', name: 'minutely' },
    arrange: async () => {
      await db.sql`
        INSERT INTO schedules (name, job_type, cron, enabled, last_slot_at)
        VALUES ('minutely', 'test_noop', '* * * * *', TRUE, now() - interval '5 minutes')`;
    },
    clear: async () => void (await db.sql`UPDATE schedules SET last_slot_at = now()`),
  },
  {
    kind: 'long_run',
    params: { maxMs: 1000, factor: 3, minMs: 1000 },
    subject: { kind: 'job_type', name: 'test_script' },
    arrange: async () => {
      await db.sql`
        INSERT INTO scheduled_jobs (job_type, status, attempts, started_at) VALUES ('test_script', 'running', 1, now() - interval '5 seconds')`;
    },
    clear: async () => void (await db.sql`UPDATE scheduled_jobs SET status = 'completed', completed_at = now()`),
  },
  {
    kind: 'no_success',
    params: { windowMs: 1000 },
    subject: { kind: 'schedule', name: 'minutely' },
    arrange: async () => {
      await db.sql`
        INSERT INTO schedules (name, job_type, cron, enabled, last_slot_at, updated_at)
        VALUES ('minutely', 'test_noop', '* * * * *', TRUE, now(), now() - interval '1 hour')`;
    },
    clear: async () => {
      await db.sql`
        INSERT INTO scheduled_jobs (job_type, schedule_name, status, attempts, started_at, completed_at)
        VALUES ('test_noop', 'minutely', 'completed', 1, now(), now())`;
    },
  },
  {
    kind: 'backlog_age',
    params: { maxAgeMs: 1000 },
    subject: { kind: 'job_type', name: 'test_script' },
    arrange: async () => {
      await db.sql`
        INSERT INTO scheduled_jobs (job_type, status, updated_at) VALUES ('test_script', 'pending', now() - interval '5 seconds')`;
    },
    clear: async () => void (await db.sql`UPDATE scheduled_jobs SET status = 'running', started_at = now()`),
  },
  {
    kind: 'no_worker',
    params: { afterMs: 1000 },
    subject: { kind: 'queue', name: 'test_script' },
    arrange: async () => {
      await db.sql`
        INSERT INTO worker_heartbeats (worker_id, host, pid, queues, started_at, seen_at)
        VALUES ('w0', 'h', 2, '{test_script}', now() - interval '1 hour', now() - interval '1 minute'),
               ('w1', 'h', 3, '{test_noop}', now(), now())`;
    },
    clear: async () => void (await db.sql`UPDATE worker_heartbeats SET seen_at = now()`),
  },
];

describe('every rule', () => {
  for (const condition of CONDITIONS) {
    it(`${condition.kind}: fires once, resolves, and tells nobody while silenced (the history keeps both)`, async () => {
      await only(condition.kind, condition.params);
      start();
      await condition.arrange();
      await waitForDelivery('alert.opened');
      await passes();
      const [alert, ...others] = await alertRows();
      expect(others).toEqual([]);
      expect(alert).toMatchObject({ subject_kind: condition.subject.kind, subject_name: condition.subject.name });
      await condition.clear();
      await waitForDelivery('alert.resolved');
      await passes();
      expect(deliveries().map((d) => [d.event, d.verified])).toEqual([
        ['alert.opened', true],
        ['alert.resolved', true],
      ]);

      // Again, silenced for its rule and subject: it opens and resolves, and nobody is told.
      await stop();
      await db.sql`TRUNCATE alerts, alert_notifications, scheduled_jobs, worker_heartbeats, schedules CASCADE`;
      receiver.deliveries.length = 0;
      await db.sql`
        INSERT INTO alert_silences (rule_id, subject_kind, subject_name, until, created_by)
        SELECT id, ${condition.subject.kind}, ${condition.subject.name}, now() + interval '1 hour', 'admin'
        FROM alert_rules WHERE built_in = ${condition.kind}`;
      start();
      await condition.arrange();
      await waitFor('the silenced alert', async () => (await alertRows()).length === 1);
      await condition.clear();
      await waitFor('its resolution', async () => (await alertRows())[0]?.state === 'resolved');
      await passes();
      expect((await alertRows())[0]).toMatchObject({ silenced_by: 'admin' });
      expect(deliveries()).toEqual([]);
    });
  }
});

describe('deliveries', () => {
  it('a wrong secret does not verify', async () => {
    await only('final_failure');
    receiver.secrets.set('default', 'some-other-secret-0123456789abcdef');
    start();
    await failJobs('test_script', 1);
    await waitForDelivery('alert.opened');
    expect(deliveries()[0]?.verified).toBe(false);
  });

  it('are retried with exponential backoff while the receiver answers 500, under one delivery id', async () => {
    await only('final_failure');
    receiver.behaviour.failNextRequests = 2;
    start();
    await failJobs('test_script', 1);
    await waitFor('a delivered try', async () => deliveries().some((d) => d.status === 204), { timeoutMs: 10_000 });
    await passes();
    const tries = deliveries();
    expect(tries.map((d) => d.status)).toEqual([500, 500, 204]);
    expect(new Set(tries.map((d) => d.deliveryId)).size).toBe(1);
    const at = tries.map((d) => Date.parse(d.receivedAt));
    // Base 200 ms, then twice that.
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(200);
    expect((at[2] as number) - (at[1] as number)).toBeGreaterThanOrEqual(400);
    const [notification] = await db.sql`SELECT * FROM alert_notifications`;
    expect(notification).toMatchObject({ attempts: 3, last_status: 204, delivered_at: expect.any(Date) });
  });

  it('stop after ALERT_DELIVERY_ATTEMPTS tries, and the alert says its notification was given up', async () => {
    await only('final_failure');
    receiver.behaviour.failNextRequests = 100;
    start({ ALERT_DELIVERY_ATTEMPTS: 2 });
    await failJobs('test_script', 1);
    const [alert] = await waitFor('the notification given up', async () => {
      const open = await createAlerts(db.sql).list({ state: 'open', limit: 10 });
      return open[0]?.notifications[0]?.gaveUpAt ? open : null;
    });
    await passes();
    expect(deliveries().map((d) => d.status)).toEqual([500, 500]);
    expect(alert?.notifications).toEqual([
      expect.objectContaining({ deliveredAt: null, gaveUpAt: expect.any(Date), attempts: 2 }),
    ]);
  });

  it('a webhook that never answers holds up no other alert: the next one is delivered while its send still hangs', async () => {
    await only('final_failure');
    // A second default channel whose server takes requests and never answers them.
    const hanging = new Set<import('node:http').ServerResponse>();
    const { createServer } = await import('node:http');
    const silent = createServer((_request, response) => void hanging.add(response));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as import('node:net').AddressInfo;
    await db.sql`
      INSERT INTO alert_channels (kind, name, url, secret, is_default, created_by)
      VALUES ('webhook', 'never answers', ${`http://127.0.0.1:${port}/hook`}, ${SECRET}, true, 'test')`;
    try {
      start({ ALERT_DELIVERY_TIMEOUT_MS: 60_000 });
      await failJobs('test_script', 1);
      await waitForDelivery('alert.opened', 1);
      await waitFor('the send to the silent hook under way', async () => hanging.size === 1);
      await failJobs('test_noop', 1);
      await waitForDelivery('alert.opened', 2);
      // The first send to the silent hook is still waiting for its answer.
      expect([...hanging].some((response) => !response.writableEnded && !response.destroyed)).toBe(true);
    } finally {
      for (const response of hanging) response.destroy();
      await stop();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('an email channel sends once through email-service with the alert template, whatever the retries', async () => {
    await only('final_failure');
    emailStandIn.behaviour.failNextRequests = 1;
    const before = emailStandIn.sent.length;
    start({ ALERT_WEBHOOK_URL: undefined, ALERT_WEBHOOK_SECRET: undefined, ALERT_EMAIL: 'oncall@example.com' });
    await failJobs('test_script', 1);
    await waitFor('an alert email', async () => emailStandIn.sent.length > before, { timeoutMs: 10_000 });
    await passes();
    const sent = emailStandIn.sent.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      emailType: 'scheduler-alert',
      recipientEmail: 'oncall@example.com',
      templateData: { event: 'alert.opened', kind: 'final_failure', subject: 'job_type test_script' },
    });
    expect(sent[0]?.idempotencyKey).toMatch(/^alert-notification:/);
    expect(deliveries()).toEqual([]);
  });
});

describe('a webhook send', () => {
  const channel = (url: string) => ({
    id: randomUUID(),
    kind: 'webhook' as const,
    name: 'x',
    url,
    email: null,
    isDefault: false,
    secretSet: true,
    setting: null,
    createdAt: new Date(),
    secret: SECRET,
  });

  it('follows no redirect, gives up at its timeout, and is signed so that only the secret verifies', async () => {
    // Its own hook: a late answer to the timed-out send lands there, not in another test's.
    receiver.secrets.set('send', SECRET);
    const delivery = testDelivery(randomUUID(), 'a test', 'http://127.0.0.1:7005/dashboard');
    receiver.behaviour.failStatus = 302;
    expect(await sendWebhook(channel(`${receiverUrl}/hooks/send`), delivery, 1000)).toEqual({
      delivered: false,
      status: 302,
      error: 'answered 302: redirects are not followed',
    });
    Object.assign(receiver.behaviour, { failStatus: null, latencyMs: 1000 });
    expect(await sendWebhook(channel(`${receiverUrl}/hooks/send`), delivery, 200)).toMatchObject({
      delivered: false,
      error: 'no answer within 200 ms',
    });
    receiver.behaviour.latencyMs = 0;
    expect(await sendWebhook(channel(`${receiverUrl}/hooks/send`), delivery, 1000)).toMatchObject({
      delivered: true,
    });
    const last = receiver.deliveries.at(-1);
    expect(last?.verified).toBe(true);
    // The sender's own check agrees with the receiver's, and refuses another secret or body.
    const raw = JSON.stringify(last?.body);
    const header = signDelivery(SECRET, raw);
    expect(verifyDelivery(SECRET, raw, header)).toBe(true);
    expect(verifyDelivery('another-secret-0123456789abcdef', raw, header)).toBe(false);
    expect(verifyDelivery(SECRET, `${raw} `, header)).toBe(false);
  });
});

describe('the evaluator restarting', () => {
  it('neither loses an alert stopped between opening and delivery, nor repeats one after delivery', async () => {
    await only('final_failure');
    receiver.behaviour.failStatus = 503;
    start();
    await failJobs('test_script', 1);
    await waitFor('a refused try', async () => deliveries().length > 0);
    await stop();
    // Opened, not delivered: the outbox has it.
    const [pending] = await db.sql`SELECT * FROM alert_notifications`;
    expect(pending?.delivered_at).toBeNull();

    receiver.behaviour.failStatus = null;
    receiver.deliveries.length = 0;
    start();
    await waitForDelivery('alert.opened');
    await stop();
    start();
    await passes();
    await stop();
    start();
    await passes();
    expect(deliveries()).toHaveLength(1);
    expect(await alertRows()).toHaveLength(1);
  });

  it('sends again, once, what a process claimed and died before sending', async () => {
    await only('final_failure');
    await failJobs('test_script', 1);
    receiver.behaviour.failStatus = 503;
    start();
    await waitFor('a refused try', async () => deliveries().length > 0);
    await stop();
    // A process takes the notification to send it (a 1 s claim) and dies before it is sent.
    await db.sql`UPDATE alert_notifications SET next_attempt_at = now()`;
    const [claimed] = await createAlertOutbox(db.sql).claimDue(10, 1000);
    expect(claimed).toBeDefined();
    receiver.behaviour.failStatus = null;
    receiver.deliveries.length = 0;
    start();
    await passes(3);
    expect(deliveries()).toEqual([]); // still claimed by the dead process
    await waitForDelivery('alert.opened');
    await passes();
    expect(deliveries()).toHaveLength(1);
    expect(deliveries()[0]?.deliveryId).toBe(claimed?.id);
  });

  it('one replica evaluates at a time; another takes over when the holder dies', async () => {
    await only('final_failure');
    start();
    const first = watch as Watch;
    await waitFor('the lease', async () => first.holding);
    const second = startWatch({ sql: db.sql, log: silentLog, everyMs: EVERY_MS, passes: [], leaseMs: 1000 });
    try {
      await passes();
      expect(second.holding).toBe(false);
      // The holder dies without letting go: its lease runs out and the other takes it.
      await stop();
      await db.sql`
        INSERT INTO watch_leases (name, holder, expires_at) VALUES ('watch', ${`dead-${randomUUID()}`}, now() + interval '1 second')
        ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at`;
      await passes(3);
      expect(second.holding).toBe(false);
      await waitFor('a takeover', async () => second.holding, { timeoutMs: 5000 });
    } finally {
      await second.stop();
    }
  });
});
