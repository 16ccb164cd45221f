import { TEST_SERVICE_KEY, waitFor } from '@scheduler/testing';
import { type Harness, faultTest as it } from '@scheduler/testing/harness';
import { describe, expect } from 'vitest';

// An API process whose link to Postgres goes through a proxy the test cuts. While Postgres
// cannot take the row, a trigger answers within a few seconds with 503 and Retry-After (never
// 500, never a late 202), readiness says 503, and no job appears after its caller was answered.
let api: string;

it.beforeEach(async ({ world }) => {
  api = (await world.h.spawnApi({ DATABASE_URL: world.proxy.url(world.h.db.url) })).url;
});

const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}`, 'content-type': 'application/json' };

async function trigger() {
  const startedAt = performance.now();
  const res = await fetch(`${api}/api/jobs/trigger`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ jobType: 'test_noop', payload: {} }),
    signal: AbortSignal.timeout(30_000),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as { error?: string; id?: string },
    ms: performance.now() - startedAt,
  };
}

const ready = async () => (await fetch(`${api}/health/ready`)).status;
const rowCount = async (h: Harness) => Number((await h.sql`SELECT count(*) AS n FROM scheduled_jobs`)[0]?.n);

describe.each(['reset', 'hang'] as const)('triggers while Postgres is cut (%s)', (mode) => {
  it('answer 503 with Retry-After within a few seconds, and create nothing', async ({ world }) => {
    expect((await trigger()).status).toBe(202);
    expect(await ready()).toBe(200);
    const before = await rowCount(world.h);

    world.proxy.cut(mode);
    const answers = await Promise.all(Array.from({ length: 20 }, () => trigger()));
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 503, retryAfter: '5', body: { error: 'database_unavailable' } });
      expect(answer.ms).toBeLessThan(6500);
    }
    // Once it knows, it answers at once.
    const later = await trigger();
    expect(later.status).toBe(503);
    expect(later.ms).toBeLessThan(500);
    expect(await ready()).toBe(503);

    // Healing delivers whatever a hung link held; none of it may become a job.
    world.proxy.heal();
    await waitFor('readiness after the cut', async () => (await ready()) === 200, { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await rowCount(world.h)).toBe(before);

    expect((await trigger()).status).toBe(202);
    expect(await rowCount(world.h)).toBe(before + 1);
  });
});
