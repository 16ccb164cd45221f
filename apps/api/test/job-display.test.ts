import { jsonParam } from '@scheduler/db';
import { createLifecycleStore } from '@scheduler/lifecycle';
import type { TestDatabase } from '@scheduler/testing';
import { createSignedInApiHarness, type SignedInApiHarness } from '@scheduler/testing/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStream } from './security/event-stream-client.ts';

/**
 * The server decides what a job shows as (`display`) and what the caller may do to it
 * (`actions`): every job view, every event's job, and the Overview say the same.
 */
let harness: SignedInApiHarness;
let db: TestDatabase;
let app: FastifyInstance;
let base: string;
let headers: SignedInApiHarness['headers'];

beforeAll(async () => {
  harness = await createSignedInApiHarness();
  ({ db, app, headers } = harness);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await harness?.close();
});
beforeEach(async () => {
  await db.sql`DELETE FROM scheduled_jobs`;
});

const get = (url: string, who: keyof typeof headers = 'service') =>
  app.inject({ method: 'GET', url, headers: headers[who] });

interface Row {
  type?: string;
  status: string;
  attempts?: number;
  error?: string | null;
  cancelRequested?: boolean;
  updatedAt?: string;
  createdAt?: string;
  startedAt?: string | null;
  payload?: Record<string, unknown>;
}

/** A row as the lifecycle would have left it. */
async function row({
  type = 'test_script',
  status,
  attempts = 0,
  error = null,
  cancelRequested = false,
  updatedAt,
  createdAt,
  startedAt,
  payload = {},
}: Row): Promise<string> {
  const [r] = await db.sql`
    INSERT INTO scheduled_jobs (job_type, status, attempts, max_attempts, error, cancel_requested_at, payload,
                                started_at, completed_at, created_at, updated_at)
    VALUES (${type}, ${status}, ${attempts}, 3, ${error}, ${cancelRequested ? db.sql`now()` : null},
            ${jsonParam(db.sql, payload)},
            ${startedAt !== undefined ? startedAt : status === 'pending' ? null : db.sql`now()`},
            ${['completed', 'failed', 'cancelled'].includes(status) ? db.sql`now()` : null},
            ${createdAt ?? db.sql`now()`}, ${updatedAt ?? db.sql`now()`})
    RETURNING id`;
  return r?.id as string;
}

interface Shown {
  status: string;
  dryRun: boolean;
  display: {
    state: string;
    retryAt: string | null;
    failedAttempt: number | null;
    queuePaused: boolean;
    queuePause: unknown;
  };
  actions: string[];
}
const view = async (id: string, who: keyof typeof headers = 'service') => (await get(`/api/jobs/${id}`, who)).json();
const listed = async (id: string, who: keyof typeof headers = 'service') =>
  ((await get('/api/jobs?limit=100', who)).json().jobs as Array<Shown & { id: string }>).find((j) => j.id === id);

describe('display state', () => {
  afterEach(async () => {
    await app.inject({ method: 'POST', url: '/api/queues/crawl_pending/resume', headers: headers.service });
  });

  it('tells queued, running, stopping and the endings apart', async () => {
    const cases = {
      queued: await row({ status: 'pending' }),
      running: await row({ status: 'running', attempts: 1 }),
      stopping: await row({ status: 'running', attempts: 1, cancelRequested: true }),
      completed: await row({ status: 'completed', attempts: 1 }),
      failed: await row({ status: 'failed', attempts: 3, error: 'boom' }),
      cancelled: await row({ status: 'cancelled', attempts: 1, error: 'cancelled on request' }),
    };
    for (const [state, id] of Object.entries(cases)) {
      const expected = { state, retryAt: null, failedAttempt: null, queuePaused: false, queuePause: null };
      expect((await view(id)).display, state).toEqual(expected);
      expect((await listed(id))?.display, state).toEqual(expected);
    }
  });

  it('shows a pending job after a failed attempt as waiting to retry, until its backoff ends', async () => {
    const lifecycle = createLifecycleStore(db.sql);
    const id = await row({ type: 'crawl_pending', status: 'pending' });
    const failedAt = async (attempt: number) => {
      const [a] = await db.sql`SELECT ended_at FROM job_attempts WHERE job_id = ${id} AND number = ${attempt}`;
      return (a as { ended_at: Date }).ended_at.getTime();
    };
    // crawl_pending backs off exponentially from 30 s: after the first attempt failed, 30 s.
    await lifecycle.start(id, 'worker-1');
    await lifecycle.attemptFailed(id, 'timeout');
    const first = { state: 'waiting_to_retry', failedAttempt: 1, queuePaused: false, queuePause: null };
    expect((await view(id)).display).toEqual({
      ...first,
      retryAt: new Date((await failedAt(1)) + 30_000).toISOString(),
    });
    // After the second, 60 s from when it failed.
    await lifecycle.start(id, 'worker-1');
    await lifecycle.attemptFailed(id, 'timeout');
    const second = {
      state: 'waiting_to_retry',
      retryAt: new Date((await failedAt(2)) + 60_000).toISOString(),
      failedAttempt: 2,
      queuePaused: false,
      queuePause: null,
    };
    expect((await view(id)).display).toEqual(second);
    expect((await listed(id))?.display).toEqual(second);
  });

  it('shows a job queued again after a lost or postponed attempt as queued: it has no backoff to wait out', async () => {
    const lifecycle = createLifecycleStore(db.sql);
    const lost = await row({ status: 'pending' });
    await lifecycle.start(lost, 'worker-1');
    await lifecycle.requeue(lost, 'Redis lost it');
    const postponed = await row({ status: 'pending' });
    await lifecycle.start(postponed, 'worker-1');
    await lifecycle.attemptFailed(postponed, 'boom');
    await lifecycle.start(postponed, 'worker-1');
    await lifecycle.postpone(postponed, 'Postgres went away');
    for (const id of [lost, postponed]) {
      const shown = { state: 'queued', retryAt: null, failedAttempt: null, queuePaused: false, queuePause: null };
      expect((await view(id)).display).toEqual(shown);
      expect((await listed(id))?.display).toEqual(shown);
    }
  });

  it("shows a pending job as paused while its type's queue is paused, with since, by and until", async () => {
    const queued = await row({ type: 'crawl_pending', status: 'pending' });
    const retrying = await row({ type: 'crawl_pending', status: 'pending', attempts: 1, error: 'x' });
    const running = await row({ type: 'crawl_pending', status: 'running', attempts: 1 });
    const other = await row({ type: 'test_script', status: 'pending' });
    const until = new Date(Date.now() + 3600_000).toISOString();
    const paused = await app.inject({
      method: 'POST',
      url: '/api/queues/crawl_pending/pause',
      headers: headers.service,
      payload: { until, reason: 'email provider down' },
    });
    expect(paused.statusCode).toBe(200);
    // The pause is read at most every second per process.
    await expect.poll(async () => (await view(queued)).display.state, { timeout: 5000 }).toBe('paused');
    expect((await view(queued)).display).toEqual({
      state: 'paused',
      retryAt: null,
      failedAttempt: null,
      queuePaused: true,
      queuePause: {
        since: paused.json().pause.since,
        by: 'service',
        byClerkId: null,
        until: new Date(until).toISOString(),
        reason: 'email provider down',
      },
    });
    expect((await listed(retrying))?.display.state).toBe('paused');
    expect((await view(running)).display).toMatchObject({ state: 'running', queuePaused: true });
    expect((await view(other)).display).toMatchObject({ state: 'queued', queuePaused: false });
    await app.inject({ method: 'POST', url: '/api/queues/crawl_pending/resume', headers: headers.service });
    await expect.poll(async () => (await view(queued)).display.state, { timeout: 5000 }).toBe('queued');
  });

  it('marks dry runs', async () => {
    const dry = await row({ type: 'weekly_digest', status: 'completed', payload: { dryRun: true } });
    const real = await row({ type: 'weekly_digest', status: 'completed', payload: { dryRun: false } });
    expect((await view(dry)).dryRun).toBe(true);
    expect((await listed(dry))?.dryRun).toBe(true);
    expect((await view(real)).dryRun).toBe(false);
  });
});

describe('actions', () => {
  it('are what the transition table allows now, for callers who may act; none for read-only ones', async () => {
    const cases: Array<[string, string[]]> = [
      [await row({ status: 'pending' }), ['cancel']],
      [await row({ status: 'running', attempts: 1 }), ['cancel']],
      // Asked to stop already: nothing more to ask.
      [await row({ status: 'running', attempts: 1, cancelRequested: true }), []],
      [await row({ status: 'completed', attempts: 1 }), []],
      [await row({ status: 'failed', attempts: 3, error: 'boom' }), ['retry', 'edit_and_retry']],
      [await row({ status: 'cancelled', attempts: 1 }), ['retry', 'edit_and_retry']],
    ];
    for (const [id, actions] of cases) {
      expect((await view(id, 'admin')).actions).toEqual(actions);
      expect((await view(id, 'service')).actions).toEqual(actions);
      expect((await listed(id, 'admin'))?.actions).toEqual(actions);
      expect((await view(id, 'moderator')).actions).toEqual([]);
      expect((await listed(id, 'moderator'))?.actions).toEqual([]);
    }
  });
});

describe('events carry the job', () => {
  /** Where the events stand now: a stream resuming from here gets everything that follows. */
  const position = async () =>
    ((await db.sql`SELECT coalesce(max(id), 0)::text AS id FROM job_events`)[0]?.id as string) ?? '0';

  it('sends each event but log with the job as read after it, with actions for the stream’s caller', async () => {
    const from = await position();
    const admin = await openStream(base, `/api/events?lastEventId=${from}`, headers.admin);
    const moderator = await openStream(base, `/api/events?lastEventId=${from}`, headers.moderator);
    const triggered = await app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: headers.service,
      payload: { jobType: 'test_script', payload: {} },
    });
    const id = triggered.json().id as string;
    await db.sql`INSERT INTO job_logs (job_id, level, message) VALUES (${id}, 'info', 'a line')`;
    await app.inject({ method: 'POST', url: `/api/jobs/${id}/cancel`, headers: headers.service });
    const done = (events: Array<{ event: string }>) => events.some((e) => e.event === 'cancelled');
    const seenByAdmin = (await admin.read(done)).events.filter((e) => e.data.jobId === id);
    const seenByModerator = (await moderator.read(done)).events.filter((e) => e.data.jobId === id);
    admin.close();
    moderator.close();

    expect(seenByAdmin.map((e) => e.event)).toEqual(['created', 'log', 'cancelled']);
    const [created, log, cancelled] = seenByAdmin;
    // Read after the event: by the time the hub reads it, the job may have moved on; it is
    // never older than the event.
    expect(created?.data.job).toMatchObject({ id, jobType: 'test_script', dryRun: false, priority: 'MEDIUM' });
    expect(log?.data).not.toHaveProperty('job');
    expect(log?.data).toMatchObject({ message: 'a line' });
    expect(cancelled?.data.job).toMatchObject({
      id,
      status: 'cancelled',
      display: { state: 'cancelled', retryAt: null, failedAttempt: null, queuePaused: false, queuePause: null },
      actions: ['retry', 'edit_and_retry'],
    });
    expect(cancelled?.data.job).not.toHaveProperty('payload');
    expect(cancelled?.data.job).not.toHaveProperty('result');
    expect(seenByModerator.find((e) => e.event === 'cancelled')?.data.job).toMatchObject({
      status: 'cancelled',
      actions: [],
    });
  });

  it('sends only the kinds asked for, on both streams', async () => {
    const from = await position();
    const lifecycle = await openStream(base, `/api/events?lastEventId=${from}&kinds=created,cancelled`, headers.admin);
    const triggered = await app.inject({
      method: 'POST',
      url: '/api/jobs/trigger',
      headers: headers.service,
      payload: { jobType: 'test_script', payload: {} },
    });
    const jobId = triggered.json().id as string;
    const logs = await openStream(base, `/api/jobs/${jobId}/events?lastEventId=${from}&kinds=log`, headers.admin);
    await db.sql`INSERT INTO job_logs (job_id, level, message) VALUES (${jobId}, 'info', 'first')`;
    await app.inject({ method: 'POST', url: `/api/jobs/${jobId}/cancel`, headers: headers.service });
    await db.sql`INSERT INTO job_logs (job_id, level, message) VALUES (${jobId}, 'info', 'second')`;

    const kinds = (await lifecycle.read((events) => events.some((e) => e.event === 'cancelled'))).events
      .filter((e) => e.data.jobId === jobId)
      .map((e) => e.event);
    expect(kinds).toEqual(['created', 'cancelled']);
    const lines = (await logs.read((events) => events.length >= 2)).events;
    expect(lines.map((e) => [e.event, e.data.message])).toEqual([
      ['log', 'first'],
      ['log', 'second'],
    ]);
    lifecycle.close();
    logs.close();
  });

  it('refuses an unknown kind with a 400 naming the kinds', async () => {
    const res = await get('/api/events?kinds=created,exploded');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/kinds: must be a comma-separated list of event kinds: created, started/);
  });

  it('lists the event kinds as an enum in the OpenAPI document', async () => {
    const doc = (await get('/docs/json')).json();
    expect(doc.components.schemas.JobEventKind.enum).toEqual([
      'created',
      'started',
      'progress',
      'log',
      'cancel_requested',
      'retried',
      'completed',
      'failed',
      'cancelled',
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['JobSummary', 'DisplayState', 'JobAction', 'JobStatus', 'Priority', 'Overview']),
    );
  });
});
