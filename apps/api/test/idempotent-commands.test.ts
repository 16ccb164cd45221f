import { randomUUID } from 'node:crypto';
import { TEST_SERVICE_KEY } from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every command route honours Idempotency-Key: the same command sent twice with one key (a
// double click, a retry after a lost answer) has one effect, and the second answer is the first
// one replayed. No worker runs here, so triggered jobs stay queued (pending).
let h: ApiHarness;
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, key?: string, payload?: Record<string, unknown>) =>
  h.app.inject({
    method,
    url,
    headers: { ...auth, ...(key ? { 'idempotency-key': key } : {}) },
    ...(payload ? { payload } : {}),
  });
const jobCount = async () => (await h.db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`)[0]?.n as number;

/** The same command twice with one key: one answer, then the same answer replayed. */
async function twice(method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>) {
  const key = randomUUID();
  const first = await send(method, url, key, payload);
  const again = await send(method, url, key, payload);
  expect(first.statusCode).toBeLessThan(300);
  expect(first.headers['idempotent-replayed']).toBeUndefined();
  expect(again.statusCode).toBe(first.statusCode);
  expect(again.json()).toEqual(first.json());
  expect(again.headers['idempotent-replayed']).toBe('true');
  return first.json();
}

/** A job cancelled while queued: one that may be retried. */
async function cancelledJob(): Promise<string> {
  const triggered = await send('POST', '/api/jobs/trigger', undefined, { jobType: 'test_script' });
  expect(triggered.statusCode).toBe(202);
  const id = triggered.json().id as string;
  expect((await send('POST', `/api/jobs/${id}/cancel`)).statusCode).toBe(200);
  return id;
}

describe('Idempotency-Key on every command', () => {
  it('is documented on every POST, PUT, PATCH and DELETE route under /api but signing in and out', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/docs/json', headers: auth })).json() as {
      paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
    };
    const commands = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
        // Signing in and out (here, or everywhere: DELETE /api/sessions) is no job command.
        .filter(() => path.startsWith('/api/') && path !== '/api/session' && path !== '/api/sessions')
        .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
    // trigger, cancel, retry, schedule PUT, DELETE and run, defaults/restore.
    expect(commands.length).toBeGreaterThanOrEqual(7);
    const without = commands
      .filter(({ operation }) => !operation.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key'))
      .map(({ route }) => route);
    expect(without).toEqual([]);
  });

  it('retry twice with one key makes one new job; the second answer is the first replayed', async () => {
    const original = await cancelledJob();
    const before = await jobCount();
    const retried = await twice('POST', `/api/jobs/${original}/retry`);
    expect(await jobCount()).toBe(before + 1);
    const [row] = await h.db.sql`SELECT retry_of FROM scheduled_jobs WHERE id = ${retried.id}`;
    expect(row?.retry_of).toBe(original);
  });

  it('retry with an edited payload, sent at once twice with one key, makes one job', async () => {
    const original = await cancelledJob();
    const before = await jobCount();
    const key = randomUUID();
    const answers = await Promise.all(
      [1, 2, 3].map(() => send('POST', `/api/jobs/${original}/retry`, key, { payload: { sleepMs: 5 } })),
    );
    // Concurrent repeats are told the first is still being answered, or get its answer.
    expect(answers.every((a) => a.statusCode === 202 || a.json().error === 'idempotency_key_in_use')).toBe(true);
    expect(await jobCount()).toBe(before + 1);
    const replay = await send('POST', `/api/jobs/${original}/retry`, key, { payload: { sleepMs: 5 } });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // The same key with another payload is another request: refused, nothing made.
    const other = await send('POST', `/api/jobs/${original}/retry`, key, { payload: { sleepMs: 6 } });
    expect(other.statusCode).toBe(422);
    expect(await jobCount()).toBe(before + 1);
  });

  it('cancel twice with one key answers the first answer again, not a refusal', async () => {
    const triggered = await send('POST', '/api/jobs/trigger', undefined, { jobType: 'test_script' });
    const cancelled = await twice('POST', `/api/jobs/${triggered.json().id}/cancel`);
    expect(cancelled.status).toBe('cancelled');
  });

  it('run-now of a schedule twice with one key starts one run', async () => {
    await twice('PUT', '/api/schedules/idem-run', { jobType: 'test_noop', everyMs: 3_600_000, enabled: false });
    const before = await jobCount();
    await twice('POST', '/api/schedules/idem-run/run');
    expect(await jobCount()).toBe(before + 1);
  });

  it('schedule PUT and DELETE and restoring the defaults, each twice with one key, act once', async () => {
    await twice('PUT', '/api/schedules/idem-edit', { jobType: 'test_noop', everyMs: 3_600_000 });
    // The repeat of a change leaves the schedule as the first left it (not written again).
    const changedAt = async () =>
      (await h.db.sql`SELECT updated_at FROM schedules WHERE name = 'idem-edit'`)[0]?.updated_at as Date;
    const key = randomUUID();
    expect((await send('PUT', '/api/schedules/idem-edit', key, { everyMs: 7_200_000 })).statusCode).toBe(200);
    const once = await changedAt();
    const repeat = await send('PUT', '/api/schedules/idem-edit', key, { everyMs: 7_200_000 });
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(await changedAt()).toEqual(once);
    const removed = await twice('DELETE', '/api/schedules/idem-edit');
    expect(removed.removed.name).toBe('idem-edit');
    await twice('POST', '/api/schedules/defaults/restore', {});
  });

  it('one key on two different commands is refused the second time (422) and does nothing', async () => {
    const [a, b] = [await cancelledJob(), await cancelledJob()];
    const key = randomUUID();
    expect((await send('POST', `/api/jobs/${a}/retry`, key)).statusCode).toBe(202);
    const before = await jobCount();
    const other = await send('POST', `/api/jobs/${b}/retry`, key);
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toBe('idempotency_key_reused');
    expect(await jobCount()).toBe(before);
  });

  it('a key that is not 1 to 255 printable characters is a 400 that does nothing', async () => {
    const original = await cancelledJob();
    const before = await jobCount();
    const res = await send('POST', `/api/jobs/${original}/retry`, 'x'.repeat(256));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_idempotency_key');
    expect(await jobCount()).toBe(before);
  });
});
