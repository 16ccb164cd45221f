import { buildApp, createApiDeps } from '@scheduler/api';
import { createScheduleStore, createSql } from '@scheduler/db';
import { buildCatalogue, type JobDefinition } from '@scheduler/jobs';
import {
  createJobQueues,
  createRedis,
  createScheduleMirror,
  createScheduleService,
  DEFAULT_SCHEDULES,
} from '@scheduler/runtime';
import {
  declaringTestJob,
  TEST_REDIS_URL,
  TEST_SERVICE_KEY,
  testApiConfig,
  testJobs,
  waitFor,
} from '@scheduler/testing';
import { createHarness, type Harness } from '@scheduler/testing/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Schedules job types declare in code: created at start, following the code's changes until an
 * admin overrides them, an override kept across deploys with its drift shown, reset to the code's.
 */
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const declaring = declaringTestJob;

/** An API process of one version of the code (reconciling its declarations as it starts). */
async function startApi(
  declared: readonly JobDefinition[],
  env: Record<string, string> = { INSTALL_DEFAULT_SCHEDULES: 'true' },
): Promise<FastifyInstance> {
  const config = testApiConfig({ databaseUrl: h.db.url, queuePrefix: h.queuePrefix }, env);
  const app = await buildApp(createApiDeps(config, { extraJobs: [...testJobs, ...declared] }), { logger: false });
  await app.ready();
  return app;
}
const callOn = (app: FastifyInstance, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${TEST_SERVICE_KEY}` },
    ...(payload ? { payload } : {}),
  });
const rowOf = async (name: string) => (await h.sql`SELECT * FROM schedules WHERE name = ${name}`)[0];
const mirrored = (name: string) => h.queues().schedules.getJobScheduler(name);

describe('a schedule created through the API', () => {
  it('runs with its payload and priority', async () => {
    await h.startWorker();
    const created = await h.call('PUT', '/api/schedules/script-every-second', {
      jobType: 'test_script',
      everyMs: 1000,
      // Fails its first attempt: a run that took two attempts ran with this payload, not the default.
      payload: { failTimes: 1, errorMessage: 'first attempt, as the schedule asked' },
      priority: 'HIGH',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ priority: 'HIGH', priorityOverride: 'HIGH', declared: null });
    const run = await waitFor(
      'a scheduled run to complete',
      async () =>
        (
          await h.sql`
            SELECT payload, priority, attempts, status, started_by FROM scheduled_jobs
            WHERE schedule_name = 'script-every-second' AND status = 'completed' LIMIT 1`
        )[0],
      { timeoutMs: 15_000 },
    );
    expect((await h.call('PUT', '/api/schedules/script-every-second', { enabled: false })).statusCode).toBe(200);
    expect(run).toMatchObject({
      payload: { failTimes: 1, errorMessage: 'first attempt, as the schedule asked' },
      priority: 'HIGH',
      attempts: 2,
      started_by: 'scheduler',
    });
  });
});

describe('declared schedules across deploys', () => {
  const v1 = [
    declaring('test_declared_kept', {
      cron: '0 3 * * *',
      payload: { region: 'eu' },
      description: 'Nightly sweep (v1).',
    }),
    declaring('test_declared_followed', { everyMs: 3_600_000, description: 'Hourly (v1).', enabled: false }),
    declaring('test_declared_dropped', { cron: '0 6 * * *', description: 'Dropped in v2.' }),
    declaring('test_declared_dropped_kept', { cron: '0 7 * * *', description: 'Dropped in v2, overridden.' }),
  ];
  const v2 = [
    declaring('test_declared_kept', {
      cron: '0 5 * * *',
      payload: { region: 'eu' },
      description: 'Nightly sweep (v2).',
      missedPolicy: 'catch_up',
      catchUpMax: 3,
      catchUpWindowMs: 6 * 3_600_000,
    }),
    declaring('test_declared_followed', { everyMs: 1_800_000, description: 'Half-hourly (v2).' }),
    // The same types, no longer declaring a schedule.
    declaring('test_declared_dropped'),
    declaring('test_declared_dropped_kept'),
  ];

  it('keeps an override across a deploy that changed the declaration, shows the drift, and resets to the code', async () => {
    let api = await startApi(v1);
    await waitFor('v1 to be reconciled and mirrored', async () => (await mirrored('test-declared-kept')) ?? null);
    const first = (await callOn(api, 'GET', '/api/schedules/test-declared-kept')).json();
    expect(first).toMatchObject({
      cron: '0 3 * * *',
      payload: { region: 'eu' },
      updatedBy: 'system',
      declared: { cron: '0 3 * * *', payload: { region: 'eu' }, description: 'Nightly sweep (v1).' },
      override: null,
    });
    // Declared disabled: created so, and nothing in Redis.
    expect(await rowOf('test-declared-followed')).toMatchObject({ enabled: false, every_ms: 3_600_000n });
    expect(await mirrored('test-declared-followed')).toBeUndefined();
    // The production types' declarations are created too.
    expect(
      (await h.sql`SELECT name FROM schedules WHERE declared IS NOT NULL ORDER BY name`).map((r) => r.name),
    ).toEqual(
      [
        ...DEFAULT_SCHEDULES.map((d) => d.name),
        'test-declared-dropped',
        'test-declared-dropped-kept',
        'test-declared-followed',
        'test-declared-kept',
      ].sort(),
    );

    // An admin moves the nightly sweep to 04:00: an override, with who and what.
    const overridden = await callOn(api, 'PUT', '/api/schedules/test-declared-kept', { cron: '0 4 * * *' });
    expect(overridden.statusCode).toBe(200);
    expect(overridden.json().override).toEqual({ at: expect.any(String), by: 'service', fields: ['cron'] });
    expect(
      (await callOn(api, 'PUT', '/api/schedules/test-declared-dropped-kept', { payload: { region: 'us' } })).json()
        .override,
    ).toMatchObject({ fields: ['payload'] });
    // Enabling is not a declared field: no override.
    expect(
      (await callOn(api, 'PUT', '/api/schedules/test-declared-followed', { enabled: true })).json().override,
    ).toBeNull();

    // A deploy: the code now says 05:00 and a catch-up policy, and half-hourly for the other.
    await api.close();
    api = await startApi(v2);
    await waitFor(
      'v2 to be reconciled',
      async () => (await rowOf('test-declared-kept'))?.declared?.cron === '0 5 * * *',
    );
    const kept = (await callOn(api, 'GET', '/api/schedules/test-declared-kept')).json();
    expect(kept).toMatchObject({
      cron: '0 4 * * *',
      missedPolicy: 'run_once',
      description: 'Nightly sweep (v1).',
      declared: { cron: '0 5 * * *', missedPolicy: 'catch_up', catchUpMax: 3, description: 'Nightly sweep (v2).' },
      override: {
        by: 'service',
        fields: ['cron', 'description', 'missedPolicy', 'catchUpMax', 'catchUpWindowMs'],
      },
    });
    expect((await mirrored('test-declared-kept'))?.pattern).toBe('0 4 * * *');
    // Not overridden: it follows the code (its enabling stays the admin's).
    const followed = await waitFor('the other to follow v2', async () => {
      const view = (await callOn(api, 'GET', '/api/schedules/test-declared-followed')).json();
      return view.everyMs === 1_800_000 ? view : null;
    });
    expect(followed).toMatchObject({ description: 'Half-hourly (v2).', enabled: true, override: null });
    await waitFor('its timer to follow', async () => (await mirrored('test-declared-followed'))?.every === 1_800_000);

    // A declaration the code dropped goes with it, timer and all; one an admin overrode stays, as theirs.
    expect(await rowOf('test-declared-dropped')).toBeUndefined();
    await waitFor('its timer to go', async () => (await mirrored('test-declared-dropped')) === undefined);
    expect((await callOn(api, 'GET', '/api/schedules/test-declared-dropped-kept')).json()).toMatchObject({
      cron: '0 7 * * *',
      payload: { region: 'us' },
      declared: null,
      override: null,
    });
    expect((await mirrored('test-declared-dropped-kept'))?.pattern).toBe('0 7 * * *');

    // Reset to the code's: v2 everywhere, the override gone, Redis following, audited. Not while
    // Redis cannot take it: then nothing changes.
    const before = await rowOf('test-declared-kept');
    const cutOff = await startApi(v2, { REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const refused = await callOn(cutOff, 'POST', '/api/schedules/test-declared-kept/reset');
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ error: 'schedule_not_applied' });
      expect(await rowOf('test-declared-kept')).toEqual(before);
    } finally {
      await cutOff.close();
    }
    const reset = await callOn(api, 'POST', '/api/schedules/test-declared-kept/reset');
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({
      cron: '0 5 * * *',
      description: 'Nightly sweep (v2).',
      missedPolicy: 'catch_up',
      catchUpMax: 3,
      catchUpWindowMs: 6 * 3_600_000,
      override: null,
    });
    expect((await mirrored('test-declared-kept'))?.pattern).toBe('0 5 * * *');
    // A new timing: its slots start now, none before it can be missed.
    expect((await rowOf('test-declared-kept'))?.last_slot_at.getTime()).toBeGreaterThan(before?.last_slot_at.getTime());

    // A change that makes it equal to its declaration again is no override.
    await callOn(api, 'PUT', '/api/schedules/test-declared-kept', { priority: 'LOW' });
    expect((await rowOf('test-declared-kept'))?.overridden_by).toBe('service');
    const back = await callOn(api, 'PUT', '/api/schedules/test-declared-kept', { priority: null });
    expect(back.json().override).toBeNull();

    // A further restart of the same code changes nothing.
    const settled = await rowOf('test-declared-kept');
    await api.close();
    api = await startApi(v2);
    await waitFor('the restart to mirror', async () => (await mirrored('test-declared-kept')) ?? null);
    expect(await rowOf('test-declared-kept')).toEqual(settled);

    const audit = await waitFor('the reset audited', async () => {
      const rows = await h.sql`
        SELECT target, status_code FROM scheduler_audit_log WHERE action = 'schedule.reset' ORDER BY id`;
      return rows.length >= 2 ? rows : null;
    });
    expect(audit).toEqual([
      { target: 'test-declared-kept', status_code: 503 },
      { target: 'test-declared-kept', status_code: 200 },
    ]);
    await api.close();
  });
});

describe('an installation from before declarations', () => {
  it("adopts its schedules: one as the code has it follows the code, an edited one is its editor's override", async () => {
    const editedAt = new Date('2026-12-03T10:00:00Z');
    await h.sql`
      INSERT INTO schedules (name, job_type, cron, timezone, enabled, description, updated_by, updated_at)
      VALUES ('test-adopted', 'test_adopted', '0 3 * * *', 'UTC', true, 'Adopted.', 'system', now()),
             ('test-adopted-edited', 'test_adopted_edited', '0 4 * * *', 'UTC', true, 'Edited.', 'user-1', ${editedAt})`;
    const code = [
      declaring('test_adopted', { cron: '0 3 * * *', description: 'Adopted.' }),
      declaring('test_adopted_edited', { cron: '0 3 * * *', description: 'Edited.' }),
    ];
    const catalogue = buildCatalogue({ extraJobs: [...testJobs, ...code] });
    const store = createScheduleStore(h.sql);
    const service = createScheduleService({
      store,
      mirror: createScheduleMirror(store, h.queues().schedules),
      catalogue,
    });
    const result = await service.reconcileDeclared();
    expect(result).toMatchObject({ created: [], followed: [], drifted: ['test-adopted-edited'] });
    expect(await rowOf('test-adopted')).toMatchObject({ declared: { cron: '0 3 * * *' }, overridden_at: null });
    expect(await rowOf('test-adopted-edited')).toMatchObject({
      cron: '0 4 * * *',
      declared: { cron: '0 3 * * *' },
      overridden_at: editedAt,
      overridden_by: 'user-1',
      updated_by: 'user-1',
    });
  });
});

describe('three replicas starting at once', () => {
  const declarations = (version: 1 | 2) =>
    Array.from({ length: 12 }, (_, i) => i)
      // Version 1 declares the first eight; version 2 adds four and changes every other one.
      .filter((i) => version === 2 || i < 8)
      .map((i) =>
        declaring(`test_race_${i}`, {
          cron: `${i} ${version === 2 && i % 2 === 0 ? 4 : 3} * * *`,
          description: `Race ${i}.`,
        }),
      );

  /** One replica: its own Postgres pool and Redis connection, its version of the code. */
  const replica = (version: 1 | 2) => {
    const sql = createSql(h.db.url, { max: 2 });
    const redis = createRedis(TEST_REDIS_URL, 'producer');
    const catalogue = buildCatalogue({ extraJobs: [...testJobs, ...declarations(version)] });
    const queues = createJobQueues(catalogue, redis, h.queuePrefix);
    const store = createScheduleStore(sql);
    const mirror = createScheduleMirror(store, queues.schedules);
    const service = createScheduleService({ store, mirror, catalogue });
    return {
      start: async () => ({ ...(await service.reconcileDeclared()), ...(await mirror.converge()) }),
      async close() {
        await queues.close();
        redis.disconnect();
        await sql.end();
      },
    };
  };
  const raceRows = () =>
    h.sql`SELECT name, cron, declared->>'cron' AS declared_cron FROM schedules WHERE name LIKE 'test-race-%' ORDER BY name`;

  it('leaves exactly one row and one BullMQ job scheduler per declared schedule, none lost', async () => {
    const old = replica(1);
    await old.start();
    await old.close();
    expect(await raceRows()).toHaveLength(8);

    const replicas = [replica(2), replica(2), replica(2)];
    const results = await Promise.all(replicas.map((r) => r.start()));
    await Promise.all(replicas.map((r) => r.close()));

    // One replica did the work; the others found nothing left to do.
    expect(results.map((r) => r.created.length).sort()).toEqual([0, 0, 4]);
    expect(results.map((r) => r.followed.length).sort()).toEqual([0, 0, 4]);
    const rows = await raceRows();
    const expected = Array.from({ length: 12 }, (_, i) => ({
      name: `test-race-${i}`,
      cron: `${i} ${i % 2 === 0 ? 4 : 3} * * *`,
    })).sort((a, b) => a.name.localeCompare(b.name));
    expect(rows.map((r) => ({ name: r.name, cron: r.cron }))).toEqual(expected);
    expect(rows.every((r) => r.declared_cron === r.cron)).toBe(true);
    const schedulers = (await h.queues().schedules.getJobSchedulers(0, -1)).filter((s) =>
      s.key.startsWith('test-race-'),
    );
    expect(
      schedulers.map((s) => ({ name: s.key, cron: s.pattern })).sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual(expected);
    // One delayed tick per scheduler: no duplicate timers behind the listing.
    const delayed = (await h.queues().schedules.getDelayed()).filter((job) =>
      String(job.data.scheduleName).startsWith('test-race-'),
    );
    expect(delayed).toHaveLength(12);
  });
});
