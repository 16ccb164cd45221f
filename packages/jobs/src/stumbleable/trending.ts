import type { Sql } from '@scheduler/db';

export const TRENDING_WINDOWS = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days' } as const;
export type TrendingWindow = keyof typeof TRENDING_WINDOWS;

/**
 * Trending scores from recent interactions. Each interaction counts by its kind (view 1,
 * like 3, save 4, share 5; skips count nothing) times its recency: 1 for now, falling linearly
 * to 0 at the window's edge. Only approved, live discoveries trend.
 */
export function createTrending(sql: Sql) {
  const weight = sql`CASE i.type WHEN 'view' THEN 1 WHEN 'like' THEN 3 WHEN 'save' THEN 4 WHEN 'share' THEN 5 END`;
  return {
    /** Replaces one window's rows atomically; answers how many discoveries trend in it. */
    async replaceWindow(window: TrendingWindow): Promise<number> {
      const span = TRENDING_WINDOWS[window];
      return sql.begin(async (tx) => {
        await tx`DELETE FROM trending_content WHERE time_window = ${window}`;
        const inserted = await tx`
          INSERT INTO trending_content
            (discovery_id, time_window, interaction_count, like_count, share_count, save_count, trending_score, calculated_at)
          SELECT i.discovery_id, ${window},
                 count(*)::int,
                 count(*) FILTER (WHERE i.type = 'like')::int,
                 count(*) FILTER (WHERE i.type = 'share')::int,
                 count(*) FILTER (WHERE i.type = 'save')::int,
                 round(sum(
                   ${weight} * (1 - extract(epoch FROM now() - i.created_at) / extract(epoch FROM ${span}::interval))
                 )::numeric, 4),
                 now()
          FROM user_interactions i
          JOIN discoveries d ON d.id = i.discovery_id AND d.status = 'approved' AND d.deleted_at IS NULL
          WHERE i.type <> 'skip' AND i.created_at > now() - ${span}::interval AND i.created_at <= now()
          GROUP BY i.discovery_id`;
        return inserted.count;
      });
    },

    /**
     * The approved, live discoveries with the most weighted interactions in [from, to), best
     * first: the content of a weekly digest. Same weights as the trending windows, no recency.
     */
    async topOfPeriod(from: Date, to: Date, limit: number): Promise<TopDiscovery[]> {
      const rows = await sql`
        SELECT d.id, d.url, d.title, d.description, d.image_url, d.domain, d.topics,
               d.like_count, d.save_count, d.share_count, s.score
        FROM (
          SELECT i.discovery_id, sum(${weight})::int AS score
          FROM user_interactions i
          WHERE i.type <> 'skip' AND i.created_at >= ${from} AND i.created_at < ${to}
          GROUP BY i.discovery_id
        ) s
        JOIN discoveries d ON d.id = s.discovery_id AND d.status = 'approved' AND d.deleted_at IS NULL
        ORDER BY s.score DESC, d.id
        LIMIT ${limit}`;
      return rows.map((r) => ({
        id: r.id,
        url: r.url,
        title: r.title ?? r.url,
        description: r.description,
        image_url: r.image_url,
        domain: r.domain ?? '',
        topics: r.topics,
        like_count: r.like_count,
        save_count: r.save_count,
        share_count: r.share_count,
        score: r.score,
      }));
    },

    /** Copies the 24h score into discoveries.trending_score (0 when not trending); rows that change only. */
    async syncDiscoveryScores(): Promise<number> {
      const changed = await sql`
        UPDATE discoveries d
        SET trending_score = coalesce(t.trending_score, 0)
        FROM discoveries d2
        LEFT JOIN trending_content t ON t.discovery_id = d2.id AND t.time_window = '24h'
        WHERE d.id = d2.id AND d.trending_score IS DISTINCT FROM coalesce(t.trending_score, 0)`;
      return changed.count;
    },
  };
}

/** A discovery as the weekly-trending email template takes it (Stumbleable's contract), plus its score. */
export interface TopDiscovery {
  id: string;
  url: string;
  title: string;
  description: string | null;
  image_url: string | null;
  domain: string;
  topics: string[];
  like_count: number;
  save_count: number;
  share_count: number;
  score: number;
}

export type Trending = ReturnType<typeof createTrending>;
