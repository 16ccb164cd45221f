/**
 * `pnpm seed [small|medium|large] [--users N] [--discoveries N] [--interactions N] [--reset]`:
 * fills the reference Stumbleable tables of the local database with generated data.
 * Refuses to add to a database that already holds seed data unless --reset, which empties the
 * reference tables first. Never for production: it writes the tables the product owns.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL } from '@scheduler/config';
import { createSql, ensureDatabaseExists, migrate } from '@scheduler/db';
import { SEED_SIZES, seedReferenceData } from '@scheduler/seed';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    users: { type: 'string' },
    discoveries: { type: 'string' },
    interactions: { type: 'string' },
    reset: { type: 'boolean', default: false },
  },
});

async function main() {
  if (process.env.NODE_ENV === 'production') throw new Error('pnpm seed writes generated users; not in production');
  const size = (positionals[0] ?? 'small') as keyof typeof SEED_SIZES;
  if (!(size in SEED_SIZES)) throw new Error(`size must be one of ${Object.keys(SEED_SIZES).join(', ')}`);
  const count = (name: 'users' | 'discoveries' | 'interactions') =>
    values[name] === undefined ? {} : { [name]: Number.parseInt(values[name], 10) };

  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  await ensureDatabaseExists(url);
  await migrate(url, { sets: ['scheduler', 'reference'] });
  const sql = createSql(url, { max: 2, applicationName: 'scheduler-seed' });
  try {
    if (values.reset) {
      await sql`TRUNCATE users, email_preferences, discoveries, user_interactions, content_metrics,
                trending_content, moderation_queue, content_reports, discovery_crawl_state, side_effect_ledger`;
    } else {
      const [existing] = await sql`SELECT count(*)::int AS n FROM users WHERE clerk_user_id LIKE 'seed_user_%'`;
      if ((existing?.n as number) > 0)
        throw new Error('the database already holds seed data; add --reset to replace it');
    }
    const summary = await seedReferenceData(sql, {
      ...SEED_SIZES[size],
      ...count('users'),
      ...count('discoveries'),
      ...count('interactions'),
    });
    console.log(JSON.stringify({ database: new URL(url).pathname.slice(1), size, ...summary }, null, 2));
  } finally {
    await sql.end();
  }
}

main().catch((error: unknown) => {
  console.error(`seed failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
