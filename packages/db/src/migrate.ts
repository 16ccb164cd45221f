import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

/**
 * The scheduler's own tables, and the reference copy of the Stumbleable tables that only
 * local runs and tests apply (production has the real ones, owned by other services).
 */
export type MigrationSet = 'scheduler' | 'reference';

const MIGRATIONS_TABLE: Record<MigrationSet, string> = {
  scheduler: 'scheduler_migrations',
  reference: 'scheduler_reference_migrations',
};

// Any constant will do, as long as every replica uses the same one.
const MIGRATION_LOCK_KEY = 7_005_001;

/**
 * In the source tree the SQL lives in packages/db/migrations; a bundled app carries a copy
 * beside its bundle (dist/migrations). MIGRATIONS_DIR overrides both.
 */
export function migrationsDir(set: MigrationSet): string {
  const candidates = [
    process.env.MIGRATIONS_DIR,
    fileURLToPath(new URL('../migrations', import.meta.url)),
    fileURLToPath(new URL('./migrations', import.meta.url)),
  ].filter((d): d is string => Boolean(d));
  const found = candidates.find((dir) => existsSync(`${dir}/${set}`));
  if (!found) throw new Error(`SQL migrations not found (looked in ${candidates.join(', ')})`);
  return `${found}/${set}`;
}

export interface MigrateOptions {
  sets?: MigrationSet[];
  log?: (message: string) => void;
}

/**
 * Applies pending migrations. Replicas starting together queue on one advisory lock (the
 * runner's own lock is a try-lock that would make every replica but one crash), so the first
 * applies the migrations and the others find nothing left to do.
 */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<string[]> {
  const sets = options.sets ?? ['scheduler'];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  client.on('notice', () => {});
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    for (const set of sets) {
      const ran = await runner({
        dbClient: client,
        dir: migrationsDir(set),
        migrationsTable: MIGRATIONS_TABLE[set],
        direction: 'up',
        noLock: true,
        checkOrder: true,
        log: () => {},
        logger: { debug: () => {}, info: () => {}, warn: options.log ?? (() => {}), error: options.log ?? (() => {}) },
      });
      for (const m of ran) {
        applied.push(`${set}/${m.name}`);
        options.log?.(`applied migration ${set}/${m.name}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
  return applied;
}
