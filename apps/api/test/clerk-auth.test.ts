import {
  type ClerkTokenOptions,
  createClerkSigner,
  TEST_SERVICE_KEY,
  type TestDatabase,
  waitFor,
} from '@scheduler/testing';
import { type ApiHarness, createApiHarness } from '@scheduler/testing/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const DASHBOARD = 'https://admin.stumbleable.com';
let harness: ApiHarness;
let db: TestDatabase;
let app: FastifyInstance;
let clerk: Awaited<ReturnType<typeof createClerkSigner>>;
let stranger: Awaited<ReturnType<typeof createClerkSigner>>;
const userIds: Record<string, string> = {};

/** A Clerk-shaped session token for the dashboard, or signed with another key (`forged`). */
const token = ({ forged, ...options }: Omit<ClerkTokenOptions, 'azp'> & { azp?: string; forged?: boolean }) =>
  (forged ? stranger : clerk).token({ azp: DASHBOARD, expiresIn: 60, ...options });

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const trigger = (headers: Record<string, string>, body: object = { jobType: 'test_noop' }) =>
  app.inject({ method: 'POST', url: '/api/jobs/trigger', headers, payload: body });
const list = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/jobs', headers });

beforeAll(async () => {
  clerk = await createClerkSigner();
  stranger = await createClerkSigner();
  harness = await createApiHarness({
    CLERK_JWT_KEY: clerk.publicKeyPem,
    CLERK_ISSUER: clerk.issuer,
    ALLOWED_ORIGINS: DASHBOARD,
  });
  ({ db, app } = harness);
  const seeded: Array<[string, string]> = [
    ['user_admin', 'admin'],
    ['user_db_moderator', 'moderator'],
    ['user_db_admin', 'admin'],
    ['user_plain', 'user'],
  ];
  for (const [clerkId, role] of seeded) {
    const [row] = await db.sql`
      INSERT INTO users (clerk_user_id, email, role) VALUES (${clerkId}, ${`${clerkId}@example.com`}, ${role}) RETURNING id`;
    userIds[clerkId] = row?.id as string;
  }
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(async () => {
  await db.sql`DELETE FROM scheduled_jobs`;
});

describe('Clerk sessions', () => {
  it('lets an admin trigger; started_by is their internal id, whatever the body says', async () => {
    const res = await trigger(bearer(await token({ sub: 'user_admin', role: 'admin' })), {
      jobType: 'test_noop',
      triggeredBy: 'user_db_moderator',
    });
    expect(res.statusCode).toBe(202);
    const [row] = await db.sql`SELECT started_by, started_by_clerk_id FROM scheduled_jobs WHERE id = ${res.json().id}`;
    expect(row).toEqual({ started_by: userIds.user_admin, started_by_clerk_id: 'user_admin' });
  });

  it('lets a super_admin act', async () => {
    expect((await trigger(bearer(await token({ sub: 'user_root', role: 'super_admin' })))).statusCode).toBe(202);
  });

  it('lets a moderator read but not act', async () => {
    const t = await token({ sub: 'user_mod', role: 'moderator' });
    expect((await list(bearer(t))).statusCode).toBe(200);
    const res = await trigger(bearer(t));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/needs an admin/) });
    const [row] = await db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`;
    expect(row?.n).toBe(0);
  });

  it('refuses a plain user everything', async () => {
    const t = await token({ sub: 'user_nobody', role: 'user' });
    expect((await list(bearer(t))).statusCode).toBe(403);
    expect((await trigger(bearer(t))).statusCode).toBe(403);
  });

  it('takes the role from users.role when the token carries none', async () => {
    const moderator = await token({ sub: 'user_db_moderator' });
    expect((await list(bearer(moderator))).statusCode).toBe(200);
    expect((await trigger(bearer(moderator))).statusCode).toBe(403);
    expect((await trigger(bearer(await token({ sub: 'user_db_admin' })))).statusCode).toBe(202);
    expect((await list(bearer(await token({ sub: 'user_unknown' })))).statusCode).toBe(403);
  });

  it('records the Clerk id when the admin has no users row yet', async () => {
    const res = await trigger(bearer(await token({ sub: 'user_new_admin', role: 'admin' })));
    expect(res.statusCode).toBe(202);
    const [row] = await db.sql`SELECT started_by, started_by_clerk_id FROM scheduled_jobs WHERE id = ${res.json().id}`;
    expect(row).toEqual({ started_by: null, started_by_clerk_id: 'user_new_admin' });
  });

  it('accepts the __session cookie of a browser', async () => {
    const t = await token({ sub: 'user_admin', role: 'admin' });
    expect((await list({ cookie: `theme=dark; __session=${t}` })).statusCode).toBe(200);
  });

  it('accepts the service key in X-Service-Token, as the other services send it', async () => {
    const res = await trigger({ 'x-service-token': TEST_SERVICE_KEY });
    expect(res.statusCode).toBe(202);
    const [row] = await db.sql`SELECT started_by FROM scheduled_jobs WHERE id = ${res.json().id}`;
    expect(row?.started_by).toBe('service');
  });

  it.each([
    ['an expired token', () => token({ sub: 'user_admin', role: 'admin', expiresIn: -60 })],
    ['a token not valid yet', () => token({ sub: 'user_admin', role: 'admin', notBefore: 120 })],
    ['a token signed with another key', () => token({ sub: 'user_admin', role: 'admin', forged: true })],
    [
      'a token for another authorized party',
      () => token({ sub: 'user_admin', role: 'admin', azp: 'https://evil.example' }),
    ],
    [
      'an unsigned token (alg: none)',
      async () => {
        const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'user_admin', metadata: { role: 'admin' }, azp: DASHBOARD, iat: now, exp: now + 60 })}.`;
      },
    ],
    ['a malformed token', async () => 'not-a-jwt'],
  ])('answers 401 to %s and writes nothing', async (_name, make) => {
    const t = await make();
    for (const res of [await list(bearer(t)), await trigger(bearer(t))]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'unauthorized', message: 'The token is not valid' });
    }
    const [row] = await db.sql`SELECT count(*)::int AS n FROM scheduled_jobs`;
    expect(row?.n).toBe(0);
  });

  it('gives admins the full Bull Board and moderators the read-only one', async () => {
    const admin = bearer(await token({ sub: 'user_admin', role: 'admin' }));
    const moderator = bearer(await token({ sub: 'user_mod', role: 'moderator' }));
    const plain = bearer(await token({ sub: 'user_nobody', role: 'user' }));
    const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });

    expect((await get('/admin/queues', admin)).statusCode).toBe(200);
    const sent = await get('/admin/queues', moderator);
    expect(sent.statusCode).toBe(302);
    expect(sent.headers.location).toBe('/admin/queues-view');
    expect((await get('/admin/queues/api/queues', moderator)).statusCode).toBe(403);
    expect((await get('/admin/queues-view', plain)).statusCode).toBe(403);

    const view = await get('/admin/queues-view/api/queues', moderator);
    expect(view.statusCode).toBe(200);
    expect(view.json().queues.every((q: { readOnlyMode: boolean }) => q.readOnlyMode)).toBe(true);
    // Actions are refused on the read-only board, whoever asks.
    const pause = await app.inject({
      method: 'PUT',
      url: '/admin/queues-view/api/queues/test_noop/pause',
      headers: moderator,
    });
    expect(pause.statusCode).toBeGreaterThanOrEqual(400);
    const full = await app.inject({
      method: 'PUT',
      url: '/admin/queues/api/queues/test_noop/pause',
      headers: moderator,
    });
    expect(full.statusCode).toBe(403);
    const queues = (await get('/admin/queues/api/queues', admin)).json().queues as Array<{
      name: string;
      isPaused: boolean;
    }>;
    expect(queues.find((q) => q.name === 'test_noop')?.isPaused).toBe(false);
  });
});

describe('audit trail', () => {
  const auditRows = async (action = 'job.trigger') =>
    db.sql`SELECT * FROM scheduler_audit_log WHERE action = ${action} ORDER BY id`;
  /** The audit rows once there are `count`: they are written after each answer. */
  const waitForRows = (count: number) =>
    waitFor(`${count} audit rows`, async () => {
      const found = await auditRows();
      return found.length >= count ? found : null;
    });

  beforeEach(async () => {
    await db.sql`DELETE FROM scheduler_audit_log`;
  });

  it('records each trigger with its actor, role, target, fields and outcome', async () => {
    const admin = await token({ sub: 'user_admin', role: 'admin' });
    const ok = await trigger(bearer(admin), { jobType: 'test_noop', priority: 'HIGH', triggeredBy: 'someone' });
    await trigger(bearer(await token({ sub: 'user_mod', role: 'moderator' })));
    await trigger({ 'x-service-token': TEST_SERVICE_KEY }, { jobType: 'make_coffee' });
    await trigger({}); // anonymous: refused before authentication, not audited

    // Rows are written after each answer, in batches: find each by its actor, not by its place.
    const rows = await waitForRows(3);
    const by = (clerkId: string | null) =>
      rows.find((r) => (clerkId ? r.actor_clerk_id === clerkId : r.actor_kind === 'service'));
    expect(rows).toHaveLength(3);
    expect(by('user_admin')).toMatchObject({
      actor_kind: 'user',
      actor_user_id: userIds.user_admin,
      actor_clerk_id: 'user_admin',
      actor_role: 'admin',
      action: 'job.trigger',
      target: ok.json().id,
      details: { jobType: 'test_noop', priority: 'HIGH' },
      status_code: 202,
      outcome: 'succeeded',
      client_ip: '127.0.0.1',
    });
    expect(by('user_mod')).toMatchObject({
      actor_clerk_id: 'user_mod',
      actor_role: 'moderator',
      status_code: 403,
      outcome: 'rejected',
      target: null,
    });
    expect(by(null)).toMatchObject({
      actor_kind: 'service',
      actor_user_id: 'service',
      status_code: 400,
      details: { jobType: 'make_coffee' },
    });
  });

  it('pages through the trail for admins, filtered by actor and action', async () => {
    const admin = bearer(await token({ sub: 'user_admin', role: 'admin' }));
    await trigger(admin);
    await trigger(admin);
    await trigger({ 'x-service-token': TEST_SERVICE_KEY });
    await waitForRows(3);

    const mine = await app.inject({
      method: 'GET',
      url: '/api/audit?actor=user_admin&action=job.trigger&limit=1',
      headers: admin,
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ total: 2, page: 1, limit: 1 });
    expect(mine.json().entries[0]).toMatchObject({
      actorClerkId: 'user_admin',
      action: 'job.trigger',
      outcome: 'succeeded',
    });
    const service = await app.inject({ method: 'GET', url: '/api/audit?actor=service', headers: admin });
    expect(service.json().total).toBe(1);

    const moderator = bearer(await token({ sub: 'user_mod', role: 'moderator' }));
    expect((await app.inject({ method: 'GET', url: '/api/audit', headers: moderator })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'GET', url: '/api/audit?from=yesterday', headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/querystring\.from/);
  });
});
