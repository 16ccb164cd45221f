import { runJob } from '@scheduler/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createJobWorld, type JobWorld } from '../../test/job-world.ts';
import { weeklyDigest } from './index.ts';

/**
 * The digest for 2026-W40 ranks the week before's discoveries (21–27 September) for each
 * recipient. The expectations below are worked out by hand from recommend.ts's formula:
 * 0.3 x score / best score + 0.7 x taste.
 */
let world: JobWorld;
const ids: Record<string, string> = {};
const W39 = new Date('2026-09-23T12:00:00Z');
const EARLIER = new Date('2026-09-10T12:00:00Z'); // in the 90-day look-back, before the pool's week

async function user(name: string, fullName: string | null, recipient: boolean) {
  const [row] = await world.sql`
    INSERT INTO users (clerk_user_id, email, full_name) VALUES (${`user_${name}`}, ${`${name}@example.com`}, ${fullName})
    RETURNING id`;
  ids[name] = row?.id as string;
  if (recipient)
    await world.sql`INSERT INTO email_preferences (user_id, weekly_trending) VALUES (${ids[name] as string}, true)`;
}
async function discovery(name: string, topic: string, domain: string) {
  const [row] = await world.sql`
    INSERT INTO discoveries (url, title, domain, topics, status)
    VALUES (${`https://${domain}/${name}`}, ${name}, ${domain}, ${[topic]}, 'approved') RETURNING id`;
  ids[name] = row?.id as string;
}
const interact = (who: string, what: string, type: string, at: Date) =>
  world.sql`INSERT INTO user_interactions (user_id, discovery_id, type, created_at)
        VALUES (${ids[who] as string}, ${ids[what] as string}, ${type}, ${at})`;
const digestOf = (name: string) => {
  const email = world.email.sent.find((e) => e.userId === ids[name] && e.idempotencyKey?.endsWith(':2026-W40'));
  return email?.templateData as { discoveries: Array<{ title: string }>; firstName?: string } | undefined;
};
const run = (payload: z.input<typeof weeklyDigest.payload>) =>
  runJob(weeklyDigest, payload, world.depsFor(weeklyDigest), { sql: world.sql });

beforeAll(async () => {
  world = await createJobWorld();
  await user('crowd', null, false); // makes the week's scores; gets no digest
  await user('sam', 'Sam Okafor', true); // likes science
  await user('ann', 'Ann Lee', true); // likes art
  await user('lia', null, true); // likes science, and already liked sci1
  await user('neo', null, true); // no history at all
  await discovery('art1', 'art', 'museum.org');
  await discovery('sci1', 'science', 'lab.org');
  await discovery('art2', 'art', 'museum.org');
  await discovery('sci2', 'science', 'lab.org');
  await discovery('sci0', 'science', 'lab.org'); // older, not in the week's pool
  await discovery('art0', 'art', 'museum.org');
  // The week's scores (share 5, save 4): art1 15, sci1 10, art2 5, sci2 4.
  for (let i = 0; i < 3; i++) await interact('crowd', 'art1', 'share', W39);
  for (let i = 0; i < 2; i++) await interact('crowd', 'sci1', 'share', W39);
  await interact('crowd', 'art2', 'share', W39);
  await interact('crowd', 'sci2', 'save', W39);
  await interact('sam', 'sci0', 'like', EARLIER);
  await interact('ann', 'art0', 'like', EARLIER);
  await interact('lia', 'sci1', 'like', W39);
});
afterAll(async () => {
  await world?.close();
});

describe('weekly_digest, personal (handler)', () => {
  it('reports in a dry run how personal it would be', async () => {
    const { result } = await run({ isoWeek: '2026-W40', topCount: 2, dryRun: true });
    expect(result.details).toMatchObject({
      dryRun: true,
      wouldSendAtMost: 4,
      withHistory: 3,
      fallback: 1,
      nothingNew: 0,
      // sam sci1 sci2, ann art1 art2, lia sci2 art1, neo art1 sci1.
      itemsPerTopic: { science: 4, art: 4 },
    });
    expect(world.email.sent).toHaveLength(0);
  });

  it('ranks each user’s items by their taste, never resends what they liked, and greets by first name', async () => {
    const { result } = await run({ isoWeek: '2026-W40', topCount: 2 });
    expect(result.details).toMatchObject({ sent: 4, withHistory: 3, fallback: 1 });
    const titles = (name: string) => digestOf(name)?.discoveries.map((d) => d.title);
    // Science fan: sci1 0.3*10/15 + 0.7 = 0.90, sci2 0.3*4/15 + 0.7 = 0.78, art1 0.30.
    expect(titles('sam')).toEqual(['sci1', 'sci2']);
    // Art fan, the opposite: art1 1.00, art2 0.80.
    expect(titles('ann')).toEqual(['art1', 'art2']);
    // lia liked sci1 already: it is not sent; sci2 0.78 before art1 0.30.
    expect(titles('lia')).toEqual(['sci2', 'art1']);
    // No history: the week's top.
    expect(titles('neo')).toEqual(['art1', 'sci1']);
    expect(digestOf('ann')?.firstName).toBe('Ann');
    expect(digestOf('neo')).not.toHaveProperty('firstName');
  });

  it('sends everyone the week’s top when personalisation is off', async () => {
    const { result } = await run({ isoWeek: '2026-W40', topCount: 2, dryRun: true, personalise: false });
    expect(result.details).toMatchObject({ personalised: false, withHistory: 0, fallback: 4 });
  });
});
