import type { Sql } from '@scheduler/db';

export type Staff = 'mod' | 'adm' | 'sup' | 'gone';

/**
 * Four staff of whom two get the summary: mod (a moderator) and adm (an admin, Grace Hopper);
 * sup (a super admin) unsubscribed from everything and gone (an admin) is deleted. Shared by the
 * handler's test and the worker's full-stack test.
 */
export async function seedModerationStaff(sql: Sql): Promise<Record<Staff, string>> {
  const staff = {} as Record<Staff, string>;
  for (const [name, role, fullName, deleted] of [
    ['mod', 'moderator', null, false],
    ['adm', 'admin', 'Grace Hopper', false],
    ['sup', 'super_admin', null, false],
    ['gone', 'admin', null, true],
  ] as const) {
    const [row] = await sql`
      INSERT INTO users (clerk_user_id, email, full_name, role, deleted_at)
      VALUES (${`user_${name}`}, ${`${name}@example.com`}, ${fullName}, ${role}, ${deleted ? new Date() : null})
      RETURNING id`;
    staff[name] = row?.id as string;
  }
  await sql`INSERT INTO email_preferences (user_id, unsubscribed_all) VALUES (${staff.sup}, true)`;
  return staff;
}

/** Three content reports by `reporter`: two open, the oldest from 2026-11-20 08:00 UTC, and a resolved one. */
export async function seedContentReports(sql: Sql, reporter: string) {
  await sql`
    INSERT INTO content_reports (reported_by, reason, status, created_at) VALUES
      (${reporter}, 'spam', 'pending', '2026-11-20T08:00:00Z'),
      (${reporter}, 'broken link', 'pending', '2026-11-25T08:00:00Z'),
      (${reporter}, 'spam', 'resolved', '2026-11-01T08:00:00Z')`;
}
