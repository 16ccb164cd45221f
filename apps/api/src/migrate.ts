/**
 * `node dist/migrate.js`: applies the scheduler's pending migrations and exits, for a
 * deployment's init step (Kubernetes initContainer, the compose `migrate` service) so that
 * replicas start on an up-to-date schema with MIGRATE_ON_START=false. Concurrent runs take
 * turns on an advisory lock. MIGRATE_SETS=scheduler,reference also creates the reference copy
 * of Stumbleable's tables, for a laptop only: in production they exist and are not ours.
 */
import { ConfigError, DEFAULT_DATABASE_URL } from '@scheduler/config';
import { type MigrationSet, migrate } from '@scheduler/db';

const SETS: readonly MigrationSet[] = ['scheduler', 'reference'];

async function main() {
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const sets = (process.env.MIGRATE_SETS ?? 'scheduler').split(',').map((s) => s.trim());
  const unknown = sets.filter((s) => !SETS.includes(s as MigrationSet));
  if (unknown.length > 0)
    throw new ConfigError([`MIGRATE_SETS: ${unknown.join(', ')} is not a migration set (${SETS.join(', ')})`]);
  const applied = await migrate(databaseUrl, { sets: sets as MigrationSet[] });
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'the schema is up to date');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error('migration failed:', error);
    process.exit(1);
  },
);
