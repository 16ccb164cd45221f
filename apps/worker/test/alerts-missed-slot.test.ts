import { buildWebhookReceiver } from '@scheduler/stand-ins';
import { waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerRuntime } from '../src/index.ts';

/**
 * The dead man's switch end to end: the whole worker fleet stops, the API (which runs the alert
 * evaluator too) sees a schedule's slot pass its grace and the webhook hears of it once; the
 * fleet returns, the firing engine settles the missed slots, and the alert resolves saying what
 * was done about them.
 */
const SECRET = 'missed-slot-secret-0123456789abcdef';
const receiver = buildWebhookReceiver({ defaultSecret: SECRET });
let h: Harness;
let worker: WorkerRuntime;

beforeAll(async () => {
  const url = await receiver.app.listen({ port: 0, host: '127.0.0.1' });
  // The API of the harness evaluates alerts; the workers do not (ALERTS_ENABLED stays off for them).
  h = await createHarness({
    ALERTS_ENABLED: 'true',
    ALERT_EVALUATE_MS: '100',
    ALERT_WEBHOOK_URL: `${url}/hooks/default`,
    ALERT_WEBHOOK_SECRET: SECRET,
  });
  await h.sql`UPDATE alert_rules SET enabled = (kind = 'missed_slot')`;
  worker = await h.startWorker({ ALERTS_ENABLED: 'false' });
});
afterAll(async () => {
  await h?.close();
  await receiver.app.close();
});

describe("the dead man's switch", () => {
  it('a stopped fleet: one alert when a slot passes its grace, resolved once the slots are settled', async () => {
    const created = await h.call('PUT', '/api/schedules/every-second', { jobType: 'test_noop', everyMs: 1000 });
    expect(created.statusCode).toBe(201);
    await h.sql`UPDATE schedules SET missed_policy = 'run_once', grace_ms = 1500 WHERE name = 'every-second'`;
    await waitFor('a run on time', async () => {
      const [run] =
        await h.sql`SELECT 1 FROM scheduled_jobs WHERE schedule_name = 'every-second' AND status = 'completed'`;
      return Boolean(run);
    });
    expect(receiver.deliveries).toEqual([]);

    await worker.close(1000);
    const opened = await waitFor('the missed-slot alert', async () =>
      receiver.deliveries.find((d) => d.event === 'alert.opened'),
    );
    expect(opened).toMatchObject({ verified: true });
    expect(opened.body).toMatchObject({
      alert: {
        kind: 'missed_slot',
        subject: { kind: 'schedule', name: 'every-second' },
        details: { reason: 'no_worker', jobType: 'test_noop' },
      },
    });

    worker = await h.startWorker({ ALERTS_ENABLED: 'false' });
    const resolved = await waitFor(
      'the resolution',
      async () => receiver.deliveries.find((d) => d.event === 'alert.resolved'),
      { timeoutMs: 15_000 },
    );
    expect(resolved.body).toMatchObject({
      alert: { state: 'resolved', resolution: expect.stringMatching(/^On time again; missed .*: ran once at/) },
    });
    expect(receiver.deliveries.map((d) => d.event)).toEqual(['alert.opened', 'alert.resolved']);
    expect(await h.sql`SELECT 1 FROM alerts`).toHaveLength(1);
  });
});
