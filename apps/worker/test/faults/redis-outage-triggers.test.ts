import { TEST_REDIS_URL, TEST_SERVICE_KEY } from '@scheduler/testing';
import { faultTest as it, REDIS } from '@scheduler/testing/harness';
import { describe, expect } from 'vitest';

// An API process whose link to Redis goes through a proxy the test cuts; the worker keeps its
// own link. Triggers during the cut are recorded (202 at once); when Redis is back they are
// queued at once, not at the reconciler's next pass a minute later.
it.override('faultTarget', REDIS);

describe.each(['reset', 'hang'] as const)('triggers while Redis is cut (%s)', (mode) => {
  it('are recorded at once and run within seconds of Redis coming back', async ({ world }) => {
    const { h, proxy } = world;
    const { url } = await h.spawnApi({ REDIS_URL: proxy.url(TEST_REDIS_URL) });
    await h.startWorker();
    proxy.cut(mode);
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const startedAt = performance.now();
        const res = await fetch(`${url}/api/jobs/trigger`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ jobType: 'test_noop', payload: {} }),
        });
        const body = (await res.json()) as { id: string };
        return { status: res.status, id: body.id, body, ms: performance.now() - startedAt };
      }),
    );
    // Refused, Redis fails at once; hung, each Redis call (the rate limiter's, the queueing) waits
    // out its 2 s command timeout first.
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 202 });
      expect(answer.ms).toBeLessThan(mode === 'reset' ? 1500 : 5000);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const { id } of answers) expect((await h.job(id)).status).toBe('pending');

    proxy.heal();
    const healedAt = performance.now();
    // The reconciler's next pass is a minute away (RECONCILE_INTERVAL_MS): only the API's own
    // queueing on reconnect can run them this soon.
    await Promise.all(answers.map(({ id }) => h.waitForStatus(id, 'completed', 10_000)));
    expect(performance.now() - healedAt).toBeLessThan(10_000);
  });
});
