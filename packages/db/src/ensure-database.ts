import postgres from 'postgres';

/**
 * Creates the database named in `databaseUrl` when it does not exist yet. For local runs and
 * tests only; in production the database is Supabase's and always exists.
 */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  url.pathname = '/postgres';
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`SELECT 1 AS present FROM pg_database WHERE datname = ${name}`;
    if (row) return false;
    await admin`CREATE DATABASE ${admin(name)}`.catch((error: { code?: string }) => {
      // Another process created it between our check and our CREATE.
      if (error.code !== '42P04' && error.code !== '23505') throw error;
    });
    return true;
  } finally {
    await admin.end();
  }
}
