import { randomBytes } from 'node:crypto';
import { createSql, ensureDatabaseExists, migrate, type Sql } from '@scheduler/db';
import postgres from 'postgres';

const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
// A namespace lets two checkouts run their suites on one server without dropping each other's
// databases (the global setup drops every database of an earlier run of its own namespace).
const NAMESPACE = (process.env.TEST_DB_NAMESPACE ?? '').replace(/[^a-z0-9]/g, '');
const TEMPLATE = `scheduler_test_template${NAMESPACE ? `_${NAMESPACE}` : ''}`;
const DATABASE_PREFIX = `sched_t_${NAMESPACE ? `${NAMESPACE}_` : ''}`;

const urlFor = (database: string) => `${SERVER}/${database}`;

/** Once per test run: a template database with every migration applied. */
export async function prepareTemplateDatabase(): Promise<void> {
  const admin = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    // Databases of earlier, interrupted runs.
    // The prefix's underscores are literal: unescaped, LIKE reads each as any one character, and
    // namespace "alerts" would take the databases of namespace "alertsui" for its own.
    const pattern = `${DATABASE_PREFIX.replace(/[\\%_]/g, '\\$&')}%`;
    const stale = await admin`SELECT datname FROM pg_database WHERE datname LIKE ${pattern}`;
    for (const row of stale) {
      // Without a namespace, leave the databases of namespaced runs alone.
      if (!NAMESPACE && /^sched_t_[a-z0-9]+_/.test(row.datname)) continue;
      await admin.unsafe(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
  await ensureDatabaseExists(urlFor(TEMPLATE));
  await migrate(urlFor(TEMPLATE), { sets: ['scheduler', 'reference'] });
}

export interface TestDatabase {
  url: string;
  sql: Sql;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file (a copy of the template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${DATABASE_PREFIX}${randomBytes(5).toString('hex')}`;
  const admin = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  const sql = createSql(url, { max: 5, applicationName: 'scheduler-tests' });
  return {
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 2 });
      const dropper = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} });
      await dropper.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => dropper.end());
    },
  };
}
