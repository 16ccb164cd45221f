import { setTimeout as sleep } from 'node:timers/promises';
import { buildWebhookReceiver } from '@scheduler/stand-ins';
import { waitFor } from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The worker runs the alert evaluator too: 100 jobs failing their last attempt on the real
 * worker make one alert and one signed delivery to the local receiver, and a later success
 * resolves it.
 */
const SECRET = 'worker-alert-secret-0123456789abcdef';
const receiver = buildWebhookReceiver({ defaultSecret: SECRET });
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  const url = await receiver.app.listen({ port: 0, host: '127.0.0.1' });
  await h.sql`UPDATE alert_rules SET enabled = (kind = 'final_failure')`;
  // Only the worker evaluates here (the harness's API has alerts off, as in every test).
  await h.startWorker({
    ALERTS_ENABLED: 'true',
    ALERT_EVALUATE_MS: '100',
    ALERT_WEBHOOK_URL: `${url}/hooks/default`,
    ALERT_WEBHOOK_SECRET: SECRET,
  });
});
afterAll(async () => {
  await h?.close();
  await receiver.app.close();
});

describe('alerts from the worker process', () => {
  it('100 jobs failing their last attempt make one alert and one delivery; a success resolves it', async () => {
    const ids = await Promise.all(Array.from({ length: 100 }, () => h.trigger('test_script', { failTimes: 3 })));
    await waitFor(
      'every job failed',
      async () => {
        const [row] = await h.sql`SELECT count(*)::int AS n FROM scheduled_jobs WHERE status = 'failed'`;
        return row?.n === ids.length;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    await waitFor('the alert counting all 100', async () => {
      const [alert] = await h.sql`SELECT details FROM alerts WHERE state = 'open'`;
      return (alert?.details as { failures?: number } | undefined)?.failures === 100;
    });
    await sleep(1000);
    expect(await h.sql`SELECT id FROM alerts`).toHaveLength(1);
    expect(receiver.deliveries).toEqual([
      expect.objectContaining({ event: 'alert.opened', verified: true, status: 204 }),
    ]);

    await h.trigger('test_script', {});
    await waitFor('the resolution', async () => receiver.deliveries.some((d) => d.event === 'alert.resolved'), {
      timeoutMs: 20_000,
    });
    expect(receiver.deliveries.map((d) => d.event)).toEqual(['alert.opened', 'alert.resolved']);
  });
});
