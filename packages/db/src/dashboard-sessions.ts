import type { Sql } from './client.ts';

/**
 * The server-side half of the dashboard's sessions: one row per live session, keyed by the id
 * its signed cookie carries. A session counts only while its row exists and has not reached
 * its absolute end, which every request checks with a primary-key lookup.
 */
export function createDashboardSessions(sql: Sql) {
  return {
    /** Records a new session that ends, whatever happens, at `endsAt`. */
    async open(id: string, endsAt: Date): Promise<void> {
      // Sign-ins are few (and rate-limited): a good moment to drop the rows of ended sessions.
      await sql`DELETE FROM dashboard_sessions WHERE ends_at < now()`;
      await sql`INSERT INTO dashboard_sessions (id, ends_at) VALUES (${id}, ${endsAt})`;
    },

    /** When the session ends, or null when it was revoked or has ended. */
    async endOf(id: string): Promise<Date | null> {
      const [row] = await sql`SELECT ends_at FROM dashboard_sessions WHERE id = ${id} AND ends_at > now()`;
      return row ? (row.ends_at as Date) : null;
    },

    /** Ends one session (sign-out). */
    async revoke(id: string): Promise<boolean> {
      const rows = await sql`DELETE FROM dashboard_sessions WHERE id = ${id} RETURNING 1`;
      return rows.length > 0;
    },

    /** Ends every session ("sign out everywhere"); how many were still live. */
    async revokeAll(): Promise<number> {
      const rows = await sql`DELETE FROM dashboard_sessions RETURNING ends_at > now() AS live`;
      return rows.filter((row) => row.live).length;
    },
  };
}

export type DashboardSessions = ReturnType<typeof createDashboardSessions>;
