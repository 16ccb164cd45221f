import type { Sql } from '@scheduler/db';

// The digest for 2026-W40 (Mon 28 Sep – Sun 4 Oct) carries the top discoveries of 2026-W39.
const W39 = new Date('2026-09-23T12:00:00Z');
const W40 = new Date('2026-09-30T12:00:00Z');
const W41 = new Date('2026-10-07T12:00:00Z');

export type DigestUser = 'ada' | 'bob' | 'cy' | 'dee' | 'eve' | 'fay' | 'gus' | 'hal';
export type DigestDiscovery = 'x' | 'y' | 'z' | 'w' | 'v';

/**
 * Eight users of whom three are recipients (ada and bob are sent their digest, the stand-in refuses
 * hal's address) and five are not (cy opted out, dee unsubscribed, eve deleted, fay has no
 * preferences, gus no email), and fay's interactions: x and y top 2026-W39 (the 2026-W40 digest),
 * z alone is in the 2026-W41 and W42 digests. Shared by the handler's test and the worker's
 * full-stack test.
 */
export async function seedDigestAudience(sql: Sql) {
  const users = {} as Record<DigestUser, string>;
  const discoveries = {} as Record<DigestDiscovery, string>;
  const addUser = async (
    name: DigestUser,
    fields: { email?: string | null; fullName?: string; deleted?: boolean } = {},
  ) => {
    const email = fields.email === undefined ? `${name}@example.com` : fields.email;
    const [row] = await sql`
      INSERT INTO users (clerk_user_id, email, full_name, deleted_at)
      VALUES (${`user_${name}`}, ${email}, ${fields.fullName ?? null}, ${fields.deleted ? new Date() : null})
      RETURNING id`;
    users[name] = row?.id as string;
  };
  const prefs = async (name: DigestUser, weekly: boolean, unsubscribed = false) =>
    sql`INSERT INTO email_preferences (user_id, weekly_trending, unsubscribed_all)
        VALUES (${users[name]}, ${weekly}, ${unsubscribed})`;
  await addUser('ada', { fullName: 'Ada Lovelace' });
  await prefs('ada', true);
  await addUser('bob');
  await prefs('bob', true);
  await addUser('cy', { fullName: 'Cy Optout' });
  await prefs('cy', false);
  await addUser('dee');
  await prefs('dee', true, true);
  await addUser('eve', { deleted: true });
  await prefs('eve', true);
  await addUser('fay'); // no preferences row: no marketing email
  await addUser('gus', { email: null });
  await prefs('gus', true);
  await addUser('hal', { email: 'hal-bounce@example.com' }); // the stand-in refuses this address
  await prefs('hal', true);

  for (const [name, status, deleted] of [
    ['x', 'approved', false],
    ['y', 'approved', false],
    ['z', 'approved', false],
    ['w', 'pending', false],
    ['v', 'approved', true],
  ] as const) {
    const [row] = await sql`
      INSERT INTO discoveries (url, title, domain, topics, status, deleted_at, like_count)
      VALUES (${`https://example.org/${name}`}, ${`Title ${name}`}, 'example.org', ${['science']},
              ${status}, ${deleted ? new Date() : null}, 7)
      RETURNING id`;
    discoveries[name] = row?.id as string;
  }
  // Weights: view 1, like 3, save 4, share 5, skip 0.
  const interactions: Array<[DigestDiscovery, string, Date]> = [
    ['x', 'like', W39], // x: 3 + 3 + 5 = 11
    ['x', 'like', W39],
    ['x', 'share', W39],
    ['x', 'skip', W39],
    ['y', 'view', W39], // y: 1 + 4 = 5
    ['y', 'save', W39],
    ['z', 'share', W40], // z: only in W40, so in the W41 digest
    ['z', 'share', W41], // and in the W42 digest
    ['w', 'share', W39], // w is not approved
    ['w', 'share', W39],
    ['v', 'share', W39], // v is deleted
  ];
  // By fay, who gets no digest: the recipients have no history, so they get the week's top.
  for (const [name, type, at] of interactions) {
    await sql`INSERT INTO user_interactions (user_id, discovery_id, type, created_at)
              VALUES (${users.fay}, ${discoveries[name]}, ${type}, ${at})`;
  }
  return { users, discoveries };
}
