import { runJob } from '@scheduler/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createJobWorld, type JobWorld } from '../../test/job-world.ts';
import { weeklyDigest } from './index.ts';
import { type DigestDiscovery, type DigestUser, seedDigestAudience } from './test-data.ts';

let world: JobWorld;
let users: Record<DigestUser, string>;
let discoveries: Record<DigestDiscovery, string>;

beforeAll(async () => {
  world = await createJobWorld();
  ({ users, discoveries } = await seedDigestAudience(world.sql));
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => {
  Object.assign(world.email.behaviour, { failNextRequests: 0, latencyMs: 0 });
});

const run = (payload: z.input<typeof weeklyDigest.payload>, options: { signal?: AbortSignal } = {}) =>
  runJob(weeklyDigest, payload, world.depsFor(weeklyDigest), { sql: world.sql, ...options });
const digestsFor = (week: string) => world.email.sent.filter((e) => e.idempotencyKey?.endsWith(`:${week}`));
const ledgerCount = async () => (await world.sql`SELECT count(*)::int AS n FROM side_effect_ledger`)[0]?.n;

describe('weekly_digest (handler)', () => {
  it("sends one weekly-trending email to each opted-in, reachable user with last week's top discoveries", async () => {
    const { jobId, result, progress } = await run({ isoWeek: '2026-W40' });
    expect(result.details).toMatchObject({
      isoWeek: '2026-W40',
      contentPeriod: { from: '2026-09-21', to: '2026-09-27' },
      discoveries: 2,
      recipients: 3,
      sent: 2,
      skippedAlreadySent: 0,
      rejected: 1,
      failed: 0,
    });
    const sent = digestsFor('2026-W40');
    expect(sent.map((e) => e.userId).sort()).toEqual([users.ada, users.bob].sort());
    const ada = sent.find((e) => e.userId === users.ada);
    expect(ada).toMatchObject({
      emailType: 'weekly-trending',
      recipientEmail: 'ada@example.com',
      idempotencyKey: `weekly_digest:${users.ada}:2026-W40`,
      schedulerJobId: jobId,
      templateData: { weekStart: '2026-09-21', weekEnd: '2026-09-27', firstName: 'Ada', email: 'ada@example.com' },
    });
    const content = ada?.templateData?.discoveries as Array<Record<string, unknown>>;
    expect(content.map((d) => d.id)).toEqual([discoveries.x, discoveries.y]);
    expect(content[0]).toEqual({
      id: discoveries.x,
      url: 'https://example.org/x',
      title: 'Title x',
      description: null,
      image_url: null,
      domain: 'example.org',
      topics: ['science'],
      like_count: 7,
      save_count: 0,
      share_count: 0,
    });
    expect(sent.find((e) => e.userId === users.bob)?.templateData).not.toHaveProperty('firstName');
    expect(result.errors).toEqual([expect.stringContaining(`user ${users.hal}: email-service: answered 400`)]);
    const ledger = await world.sql`SELECT key, status FROM side_effect_ledger ORDER BY status, key`;
    expect(ledger.map((r) => r.status).sort()).toEqual(['done', 'done', 'failed']);
    expect(progress.at(0)).toMatchObject({ percent: 0, done: 0, total: 3 });
  });

  it('a second run in the same week emails nobody again', async () => {
    const requestsBefore = world.email.counters.requests;
    const { result } = await run({ isoWeek: '2026-W40' });
    expect(result.details).toMatchObject({ recipients: 3, sent: 0, skippedAlreadySent: 2, rejected: 1 });
    expect(digestsFor('2026-W40')).toHaveLength(2);
    // Only the refused address was tried again; the two sent digests were not even requested.
    expect(world.email.counters.requests - requestsBefore).toBe(1);
  });

  it('rides out transient email-service failures with retries', async () => {
    world.email.behaviour.failNextRequests = 2;
    const { result } = await run({ isoWeek: '2026-W41' });
    expect(result.details).toMatchObject({ discoveries: 1, sent: 2, failed: 0 });
    expect(world.email.counters.injectedFailures).toBeGreaterThanOrEqual(2);
    const sent = digestsFor('2026-W41');
    expect(sent.map((e) => e.userId).sort()).toEqual([users.ada, users.bob].sort());
    const content = (sent[0]?.templateData?.discoveries ?? []) as Array<{ id: string }>;
    expect(content.map((d) => d.id)).toEqual([discoveries.z]);
  });

  it('keeps a pace below 10 emails a second', async () => {
    await run({ isoWeek: '2026-W42', perSecond: 2, concurrency: 1 });
    const times = digestsFor('2026-W42').map((e) => Date.parse(e.receivedAt));
    expect(times).toHaveLength(2);
    expect(Math.abs((times[1] as number) - (times[0] as number))).toBeGreaterThanOrEqual(450);
  });

  it('dryRun counts and sends nothing, claims nothing', async () => {
    const requestsBefore = world.email.counters.requests;
    const ledgerBefore = await ledgerCount();
    const { result } = await run({ isoWeek: '2026-W40', dryRun: true });
    expect(result.details).toMatchObject({ dryRun: true, wouldSendAtMost: 3, discoveries: 2 });
    expect(world.email.counters.requests).toBe(requestsBefore);
    expect(await ledgerCount()).toBe(ledgerBefore);
  });

  it('sends nothing when the period had no content', async () => {
    const { result } = await run({ isoWeek: '2026-W30' });
    expect(result.details).toMatchObject({ discoveries: 0, sent: 0 });
    expect(digestsFor('2026-W30')).toHaveLength(0);
  });

  it('refuses a week that does not exist', async () => {
    await expect(run({ isoWeek: '2027-W53' })).rejects.toThrow(/isoWeek: is not a week of that year/);
  });

  it('cancelled while it sends, it stops with what it did; the next run sends the rest, nobody twice', async () => {
    // Content for the 2026-W43 digest: an interaction in W42.
    await world.sql`INSERT INTO user_interactions (user_id, discovery_id, type, created_at)
                VALUES (${users.fay}, ${discoveries.y}, 'share', '2026-10-14T12:00:00Z')`;
    world.email.behaviour.latencyMs = 300;
    const cancel = new AbortController();
    const first = run({ isoWeek: '2026-W43', concurrency: 1 }, { signal: cancel.signal });
    setTimeout(() => cancel.abort(), 150);
    const stopped = await first;
    expect(stopped.status).toBe('cancelled');
    expect(stopped.result.details).toMatchObject({ stoppedBecause: 'stopped' });
    // The request in flight when it stopped may have been sent: its claim stays, held by a run
    // that has ended (its row says cancelled), so the next run takes it over and sends it again
    // under the same idempotency key, which the email service drops.
    world.email.behaviour.latencyMs = 0;
    const second = await run({ isoWeek: '2026-W43' });
    expect(second.result.details).toMatchObject({ heldByAnotherRun: 0, failed: 0 });
    const recipients = digestsFor('2026-W43').map((e) => e.userId);
    expect(recipients.sort()).toEqual([users.ada, users.bob].sort());
  });
});
