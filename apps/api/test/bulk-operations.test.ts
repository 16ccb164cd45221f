import { buildApp, createApiDeps } from '@scheduler/api';
import { testApiConfig, testJobs, waitFor } from '@scheduler/testing';
import { createSignedInApiHarness, type SignedInApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Bulk actions through the API alone (no worker: triggered jobs stay queued): the bad inputs and
 * the patch that write nothing, the moderator's 403, the confirmed count, and an abort midway.
 * The 1,000-job cancel with running jobs and a worker is apps/worker/test/bulk-cancel.test.ts.
 */
let harness: SignedInApiHarness;
let moderator: Record<string, string>;
let service: Record<string, string>;

beforeAll(async () => {
  harness = await createSignedInApiHarness({
    // Slow enough to abort midway: 40 jobs a second, 10 per turn.
    BULK_ACTION_JOBS_PER_SECOND: '40',
    BULK_ACTION_MAX_JOBS: '500',
  });
  ({ moderator, service } = harness.headers);
});
afterAll(async () => {
  await harness?.close();
});

const call = (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = service) =>
  harness.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

async function trigger(count: number, payload: Record<string, unknown>) {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 50) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, () =>
        call('POST', '/api/jobs/trigger', { jobType: 'test_script', payload }),
      ),
    );
    for (const res of answers) {
      expect(res.statusCode).toBe(202);
      ids.push(res.json().id);
    }
  }
  return ids;
}

const operationRows = async () => (await harness.db.sql`SELECT count(*)::int AS n FROM bulk_operations`)[0]?.n;
const waitForEnd = (id: string, timeoutMs = 20_000) =>
  waitFor(
    `bulk operation ${id} to end`,
    async () => {
      const op = (await call('GET', `/api/bulk-operations/${id}`)).json();
      return op.state === 'running' ? null : op;
    },
    { timeoutMs },
  );

describe('bulk operations', () => {
  let cancelled: string[];

  it('refuse bad bodies with a 400 naming the field, and write nothing', async () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ action: 'explode', ids: [crypto.randomUUID()] }, /action/],
      [{ action: 'cancel' }, /either "ids".*or "filter"/],
      [{ action: 'cancel', ids: [crypto.randomUUID()], filter: {} }, /either "ids"/],
      [{ action: 'cancel', ids: [] }, /ids/],
      [{ action: 'cancel', ids: ['nope'] }, /job id/],
      [{ action: 'cancel', filter: { status: 'exploded' } }, /status/],
      [{ action: 'cancel', filter: { type: 'no_such_type' } }, /Unknown job type "no_such_type"/],
      [{ action: 'cancel', filter: { from: '2026-12-02', to: '2026-11-30' } }, /"from" must not be after "to"/],
      [{ action: 'cancel', filter: { colour: 'red' } }, /colour/],
      [{ action: 'cancel', filter: {}, payloadPatch: { sleepMs: 1 } }, /payload patch goes with "retry" only/],
      [{ action: 'cancel', filter: {}, expectedCount: -1 }, /expectedCount/],
    ];
    for (const [body, message] of bad) {
      const res = await call('POST', '/api/bulk-operations', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error).toBeTypeOf('string');
      expect(res.json().message).toMatch(message);
    }
    expect(await operationRows()).toBe(0);
    expect((await call('GET', '/api/bulk-operations/nope')).statusCode).toBe(400);
    expect((await call('GET', `/api/bulk-operations/${crypto.randomUUID()}`)).statusCode).toBe(404);
    expect((await call('POST', `/api/bulk-operations/${crypto.randomUUID()}/abort`)).statusCode).toBe(404);
  });

  it('are for admins: a moderator gets 403 on create, preview and abort, and reads the list', async () => {
    const body = { action: 'cancel', filter: { type: 'test_script' } };
    for (const url of ['/api/bulk-operations', '/api/bulk-operations/preview']) {
      const res = await call('POST', url, body, moderator);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('forbidden');
    }
    expect(
      (await call('POST', `/api/bulk-operations/${crypto.randomUUID()}/abort`, undefined, moderator)).statusCode,
    ).toBe(403);
    expect((await call('GET', '/api/bulk-operations', undefined, moderator)).statusCode).toBe(200);
    expect(await operationRows()).toBe(0);
  });

  it('over a filter past BULK_ACTION_MAX_JOBS: a 400 to narrow it; a confirmed count that changed: 409 with the new one', async () => {
    cancelled = await trigger(120, { sleepMs: 1000 });
    const preview = await call('POST', '/api/bulk-operations/preview', {
      action: 'cancel',
      filter: { type: 'test_script' },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({
      matched: 120,
      matchedIsExact: true,
      wouldAct: 120,
      wouldRefuse: {},
      byStatus: { pending: 120 },
    });
    const changed = await call('POST', '/api/bulk-operations', {
      action: 'cancel',
      filter: { type: 'test_script' },
      expectedCount: 100,
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({ error: 'count_changed', matched: 120 });
    expect(await operationRows()).toBe(0);

    // The cancelled jobs the next tests retry: each through the single action.
    for (const id of cancelled) expect((await call('POST', `/api/jobs/${id}/cancel`)).statusCode).toBe(200);
    // The filter is the listing's: typed or in the query language, it matches what GET /api/jobs lists.
    const q = 'type:test_script status:cancelled';
    const listed = (await call('GET', `/api/jobs?q=${encodeURIComponent(q)}`)).json();
    expect(listed.total).toBe(120);
    for (const filter of [{ q }, { type: 'test_script', status: 'cancelled' }]) {
      const res = await call('POST', '/api/bulk-operations/preview', { action: 'retry', filter });
      expect(res.json()).toMatchObject({ matched: listed.total, wouldAct: 120, byStatus: { cancelled: 120 } });
    }
    const both = await call('POST', '/api/bulk-operations/preview', { action: 'retry', filter: { q, type: 'x' } });
    expect(both.statusCode).toBe(400);
    expect(both.json().message).toMatch(/"q" or the typed filters/);
    await trigger(390, {});
    const tooMany = await call('POST', '/api/bulk-operations', { action: 'delete', filter: {} });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ error: 'too_many_jobs', message: /more than 500 jobs; narrow the filter/ });
    expect(await operationRows()).toBe(0);
  });

  it('refuse a retry whose payload patch a matched job type refuses: 400 naming it, nothing written', async () => {
    const before = await harness.db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`;
    for (const url of ['/api/bulk-operations/preview', '/api/bulk-operations']) {
      const res = await call('POST', url, {
        action: 'retry',
        filter: { type: 'test_script', status: 'cancelled' },
        payloadPatch: { sleepMs: 'soon' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'invalid_payload_patch',
        problems: [expect.stringMatching(/^test_script: payload\.sleepMs: /)],
      });
    }
    expect(await operationRows()).toBe(0);
    expect(await harness.db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`).toEqual(before);
  });

  it('abort stops a bulk retry midway, with done + refused + failed + untouched = matched', async () => {
    const ids = [...cancelled.slice(0, 110), crypto.randomUUID()];
    // A pending job among them is refused: only failed or cancelled jobs are retried.
    const [pending] = await trigger(1, {});
    ids.push(pending as string);
    const created = await call('POST', '/api/bulk-operations', {
      action: 'retry',
      ids,
      payloadPatch: { errorMessage: 'patched' },
    });
    expect(created.statusCode).toBe(201);
    const op = created.json();
    expect(op).toMatchObject({ action: 'retry', state: 'running', matched: 112, selection: { ids: 112 } });
    await waitFor(
      'the retry to be under way',
      async () => {
        const now = (await call('GET', `/api/bulk-operations/${op.id}`)).json();
        return now.done >= 20 ? now : null;
      },
      { timeoutMs: 15_000 },
    );
    const aborted = await call('POST', `/api/bulk-operations/${op.id}/abort`);
    expect(aborted.statusCode).toBe(200);
    expect(aborted.json().state).toBe('aborted');
    // A second abort: it has ended.
    expect((await call('POST', `/api/bulk-operations/${op.id}/abort`)).json()).toMatchObject({
      error: 'not_running',
      state: 'aborted',
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = (await call('GET', `/api/bulk-operations/${op.id}`)).json();
    expect(after.state).toBe('aborted');
    expect(after.done).toBeLessThan(110);
    expect(after.untouched).toBeGreaterThan(0);
    expect(after.done + after.refused + after.failed + after.untouched).toBe(112);
    // The counts are the jobs: each done is one new job with the patched payload, retryOf its original.
    const retries = await harness.db.sql`
      SELECT retry_of, payload FROM scheduled_jobs WHERE retry_of = ANY(${ids.slice(0, 110)}::uuid[])`;
    expect(retries).toHaveLength(after.done);
    for (const r of retries) expect(r.payload).toMatchObject({ errorMessage: 'patched', sleepMs: 1000 });
    // Nothing moves after the abort.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await call('GET', `/api/bulk-operations/${op.id}`)).json().done).toBe(after.done);
    // Audited once each: the operation and its abort (the refused calls before are on record as rejected).
    const audit = await harness.db.sql`
      SELECT action, target FROM scheduler_audit_log WHERE action LIKE 'bulk.%' AND outcome = 'succeeded' ORDER BY id`;
    expect(audit.map((a) => [a.action, a.target])).toEqual([
      ['bulk.create', op.id],
      ['bulk.abort', op.id],
    ]);
  });

  it('lists operations newest first, and a refused job says why', async () => {
    const created = await call('POST', '/api/bulk-operations', {
      action: 'retry',
      ids: [crypto.randomUUID(), cancelled[115]],
    });
    expect(created.statusCode).toBe(201);
    const done = await waitForEnd(created.json().id);
    expect(done).toMatchObject({
      state: 'done',
      matched: 2,
      done: 1,
      refused: 1,
      refusedReasons: { 'no such job': 1 },
      untouched: 0,
      problems: [{ outcome: 'refused', reason: 'no such job' }],
    });
    const list = (await call('GET', '/api/bulk-operations?limit=1')).json();
    expect(list.operations.map((o: { id: string }) => o.id)).toEqual([created.json().id]);
    expect(list.total).toBe(2);
    const next = (await call('GET', `/api/bulk-operations?limit=1&after=${list.nextAfter}`)).json();
    expect(next.operations[0].state).toBe('aborted');
  });
});

describe('a bulk operation by a filter too broad', () => {
  it('is a 400 search_too_broad, preview and create alike, and writes nothing', async () => {
    // 200,000 failed jobs whose errors all differ: two characters are too few for the trigram
    // index, so resolving the filter must read them all, past a bound of 10 ms (50 ms to record).
    const { db, prefix } = harness;
    await db.sql`
      INSERT INTO scheduled_jobs (job_type, status, payload, error, created_at)
      SELECT 'test_noop', 'failed', '{}'::jsonb, 'upstream error ' || md5(g::text), now() - make_interval(secs => g)
      FROM generate_series(1, 200000) g`;
    await db.sql`ANALYZE scheduled_jobs`;
    const config = testApiConfig({ databaseUrl: db.url, queuePrefix: prefix }, { JOB_SEARCH_TIMEOUT_MS: '10' });
    const tight = await buildApp(createApiDeps(config, { extraJobs: testJobs }), { logger: false });
    const jobsBefore =
      await db.sql`SELECT status, count(*)::int AS n FROM scheduled_jobs GROUP BY status ORDER BY status`;
    const operationsBefore = await operationRows();
    try {
      for (const filter of [{ error: 'zq' }, { q: 'status:failed "zq"' }]) {
        for (const url of ['/api/bulk-operations/preview', '/api/bulk-operations']) {
          const res = await tight.inject({
            method: 'POST',
            url,
            headers: service,
            payload: { action: 'retry', filter },
          });
          expect(res.statusCode, `${url} ${JSON.stringify(filter)}`).toBe(400);
          expect(res.json()).toMatchObject({ error: 'search_too_broad', message: /^narrow the filter: / });
        }
      }
      expect(await operationRows()).toBe(operationsBefore);
      expect((await db.sql`SELECT count(*)::int AS n FROM bulk_operation_jobs`)[0]?.n).toBe(
        (await db.sql`SELECT coalesce(sum(matched), 0)::int AS n FROM bulk_operations`)[0]?.n,
      );
      expect(
        await db.sql`SELECT status, count(*)::int AS n FROM scheduled_jobs GROUP BY status ORDER BY status`,
      ).toEqual(jobsBefore);
    } finally {
      await tight.close();
      await db.sql`DELETE FROM scheduled_jobs WHERE error LIKE 'upstream error %'`;
    }
  }, 120_000);
});
