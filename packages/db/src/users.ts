import type { Sql } from './client.ts';

export const USER_ROLES = ['user', 'moderator', 'admin', 'super_admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserIdentity {
  /** users.id, the internal id other Stumbleable tables use. */
  id: string;
  role: UserRole | null;
}

/** Reads Stumbleable's `users` table (owned by the user service; never written here). */
export function createUserDirectory(sql: Sql) {
  return {
    async findByClerkId(clerkUserId: string): Promise<UserIdentity | null> {
      const [row] = await sql`
        SELECT id, role FROM users WHERE clerk_user_id = ${clerkUserId} AND deleted_at IS NULL`;
      if (!row) return null;
      const role = USER_ROLES.find((r) => r === row.role) ?? null;
      return { id: row.id as string, role };
    },
  };
}

export type UserDirectory = ReturnType<typeof createUserDirectory>;
