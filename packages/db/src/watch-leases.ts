import type { Sql } from './client.ts';

/**
 * The `watch_leases` table: which process runs the passes that one replica at a time must run.
 * Postgres's clock decides expiry, so replicas with skewed clocks agree on who holds a lease.
 */
export function createWatchLeases(sql: Sql) {
  return {
    /**
     * Takes the lease for `ttlMs`, or renews it when `holder` has it already. True when `holder`
     * holds it now; false while another holder's lease runs.
     */
    async take(name: string, holder: string, ttlMs: number): Promise<boolean> {
      const rows = await sql`
        INSERT INTO watch_leases (name, holder, expires_at)
        VALUES (${name}, ${holder}, now() + ${ttlMs} * interval '1 millisecond')
        ON CONFLICT (name) DO UPDATE SET
          holder = EXCLUDED.holder,
          expires_at = EXCLUDED.expires_at,
          acquired_at = CASE WHEN watch_leases.holder = EXCLUDED.holder THEN watch_leases.acquired_at ELSE now() END
        WHERE watch_leases.holder = EXCLUDED.holder OR watch_leases.expires_at < now()
        RETURNING holder`;
      return rows.length > 0;
    },

    /** Gives the lease up (a clean stop), so another replica takes over at once. */
    async release(name: string, holder: string): Promise<void> {
      await sql`DELETE FROM watch_leases WHERE name = ${name} AND holder = ${holder}`;
    },

    async holder(name: string): Promise<{ holder: string; expiresAt: Date } | null> {
      const [row] = await sql`SELECT holder, expires_at FROM watch_leases WHERE name = ${name} AND expires_at > now()`;
      return row ? { holder: row.holder as string, expiresAt: row.expires_at as Date } : null;
    },
  };
}

export type WatchLeases = ReturnType<typeof createWatchLeases>;
