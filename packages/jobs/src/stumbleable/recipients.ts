import type { Sql } from '@scheduler/db';

export interface Recipient {
  userId: string;
  email: string;
  fullName: string | null;
}

export interface RecipientPage {
  recipients: Recipient[];
  /** Where the next page starts; null when this was the last. */
  nextAfter: string | null;
}

export interface ReviewedSubmission {
  id: string;
  status: 'approved' | 'rejected';
  url: string;
  title: string | null;
  reviewNotes: string | null;
  submitter: Recipient;
  /** The submitter's submission_updates preference (true when they have no preferences row). */
  wantsUpdates: boolean;
}

/** A reachable user: not deleted, with an address. */
const reachable = "u.deleted_at IS NULL AND u.email IS NOT NULL AND u.email <> ''";

/**
 * Who gets which email, read from the Stumbleable tables. Lists are read in keyset pages (by
 * id), so a run over 100,000 users holds one page at a time and a resumed run can start
 * anywhere.
 */
export function createRecipients(sql: Sql) {
  // Marketing email needs an explicit yes: no preferences row means no (Stumbleable's contract).
  const weeklyDigestAudience = sql`
    FROM users u JOIN email_preferences p ON p.user_id = u.id
    WHERE p.weekly_trending AND NOT p.unsubscribed_all AND ${sql.unsafe(reachable)}`;

  const toRecipient = (r: Record<string, unknown>): Recipient => ({
    userId: r.id as string,
    email: r.email as string,
    fullName: (r.full_name as string | null) ?? null,
  });

  return {
    async countWeeklyDigest(): Promise<number> {
      const [row] = await sql`SELECT count(*)::int AS n ${weeklyDigestAudience}`;
      return (row?.n as number) ?? 0;
    },

    /**
     * The recipients among the next `span` users after `afterUserId` (by id), and where the
     * next page starts (null when no users are left). Bounding the page on users' primary key
     * on both sides keeps every page an index range scan of `span` rows, whatever the
     * planner's statistics say; a page may hold fewer recipients than `span`, or none.
     */
    async weeklyDigestPage(afterUserId: string | null, span: number): Promise<RecipientPage> {
      const after = afterUserId ? sql`u.id > ${afterUserId}` : sql`TRUE`;
      const [end] = await sql`SELECT id FROM users u WHERE ${after} ORDER BY id OFFSET ${span - 1} LIMIT 1`;
      const upTo = end ? sql`AND u.id <= ${end.id as string}` : sql``;
      // The same bounds on the preferences' key: without them the planner hashed the page's
      // users against a seq scan of every preferences row, once per page (100,000 rows read a
      // page at 100,000 users; bench:digest).
      const preferencesAfter = afterUserId ? sql`AND p.user_id > ${afterUserId}` : sql``;
      const preferencesUpTo = end ? sql`AND p.user_id <= ${end.id as string}` : sql``;
      const rows = await sql`
        SELECT u.id, u.email, u.full_name ${weeklyDigestAudience} AND ${after} ${upTo} ${preferencesAfter} ${preferencesUpTo}
        ORDER BY u.id`;
      return { recipients: rows.map(toRecipient), nextAfter: (end?.id as string | undefined) ?? null };
    },

    /**
     * Moderators and admins for the daily moderation summary. It is an operational email, so
     * it needs no opt-in, but unsubscribed_all still means nothing at all.
     */
    async staff(): Promise<Recipient[]> {
      const rows = await sql`
        SELECT u.id, u.email, u.full_name
        FROM users u LEFT JOIN email_preferences p ON p.user_id = u.id
        WHERE u.role IN ('moderator', 'admin', 'super_admin') AND ${sql.unsafe(reachable)}
          AND NOT coalesce(p.unsubscribed_all, false)
        ORDER BY u.id`;
      return rows.map(toRecipient);
    },

    /**
     * Moderation items approved or rejected since `since` whose submitter can be reached, one
     * keyset page at a time. A submission update answers the user's own action, so a missing
     * preferences row allows it (the column defaults to true); unsubscribed_all forbids it.
     */
    async reviewedSubmissionsPage(since: Date, afterId: string | null, limit: number): Promise<ReviewedSubmission[]> {
      const rows = await sql`
        SELECT m.id, m.status, coalesce(m.url, d.url) AS url, coalesce(m.title, d.title) AS title, m.review_notes,
               u.id AS user_id, u.email, u.full_name,
               coalesce(p.submission_updates, true) AND NOT coalesce(p.unsubscribed_all, false) AS wants_updates
        FROM moderation_queue m
        JOIN users u ON u.id = m.submitted_by
        LEFT JOIN discoveries d ON d.id = m.discovery_id
        LEFT JOIN email_preferences p ON p.user_id = u.id
        WHERE m.status IN ('approved', 'rejected') AND coalesce(m.reviewed_at, m.updated_at) >= ${since}
          AND ${sql.unsafe(reachable)}
          ${afterId ? sql`AND m.id > ${afterId}` : sql``}
        ORDER BY m.id LIMIT ${limit}`;
      return rows.map((r) => ({
        id: r.id,
        status: r.status,
        url: r.url ?? '',
        title: r.title,
        reviewNotes: r.review_notes,
        submitter: { userId: r.user_id, email: r.email, fullName: r.full_name },
        wantsUpdates: r.wants_updates,
      }));
    },

    /** What waits for moderators: pending submissions and open reports, with the oldest of each. */
    async moderationBacklog() {
      const [row] = await sql`
        SELECT (SELECT count(*)::int FROM moderation_queue WHERE status = 'pending') AS pending_submissions,
               (SELECT min(created_at) FROM moderation_queue WHERE status = 'pending') AS oldest_submission_at,
               (SELECT count(*)::int FROM content_reports WHERE status = 'pending') AS open_reports,
               (SELECT min(created_at) FROM content_reports WHERE status = 'pending') AS oldest_report_at`;
      return {
        pendingSubmissions: row?.pending_submissions as number,
        oldestSubmissionAt: (row?.oldest_submission_at as Date | null) ?? null,
        openReports: row?.open_reports as number,
        oldestReportAt: (row?.oldest_report_at as Date | null) ?? null,
      };
    },
  };
}

export type Recipients = ReturnType<typeof createRecipients>;
