import { type Sql, uuidArray } from '@scheduler/db';

export interface MetricsRefresh {
  /** Discoveries whose content_metrics row was written. */
  metricsRows: number;
  /** Discoveries whose count columns actually changed. */
  discoveriesChanged: number;
}

/**
 * Recomputes per-discovery engagement from `user_interactions`, set-based, in one statement
 * so `content_metrics` and the count columns of `discoveries` never disagree.
 * Engagement rate = (likes + saves + shares) / views, 0 without views, 4 decimals.
 */
export function createContentMetrics(sql: Sql) {
  return {
    async refresh(discoveryIds: readonly string[] | null = null): Promise<MetricsRefresh> {
      const only = discoveryIds ? sql`AND d.id = ANY(${uuidArray(sql, discoveryIds)})` : sql``;
      // One statement, so one snapshot and one commit for both tables, and no temporary table:
      // a temporary table per run adds and deletes catalog rows each time, and at one run a
      // second pg_attribute grew to 107 MB in a soak (issue 21).
      const [row] = await sql`
        WITH metrics_now AS MATERIALIZED (
          SELECT d.id AS discovery_id,
                 count(*) FILTER (WHERE i.type = 'view')::int  AS views,
                 count(*) FILTER (WHERE i.type = 'like')::int  AS likes,
                 count(*) FILTER (WHERE i.type = 'save')::int  AS saves,
                 count(*) FILTER (WHERE i.type = 'share')::int AS shares,
                 count(*) FILTER (WHERE i.type = 'skip')::int  AS skips
          FROM discoveries d
          LEFT JOIN user_interactions i ON i.discovery_id = d.id
          WHERE d.deleted_at IS NULL ${only}
          GROUP BY d.id
        ),
        metrics AS (
          INSERT INTO content_metrics
            (discovery_id, views_count, likes_count, saves_count, shares_count, skip_count, engagement_rate, last_updated)
          SELECT discovery_id, views, likes, saves, shares, skips,
                 CASE WHEN views = 0 THEN 0 ELSE round((likes + saves + shares)::numeric / views, 4) END,
                 now()
          FROM metrics_now
          ON CONFLICT (discovery_id) DO UPDATE SET
            views_count = EXCLUDED.views_count, likes_count = EXCLUDED.likes_count,
            saves_count = EXCLUDED.saves_count, shares_count = EXCLUDED.shares_count,
            skip_count = EXCLUDED.skip_count, engagement_rate = EXCLUDED.engagement_rate,
            last_updated = EXCLUDED.last_updated
          RETURNING 1
        ),
        -- Only rows whose counts moved are rewritten: no needless row versions on a big table.
        changed AS (
          UPDATE discoveries d
          SET view_count = m.views, like_count = m.likes, save_count = m.saves, share_count = m.shares
          FROM metrics_now m
          WHERE d.id = m.discovery_id
            AND (d.view_count, d.like_count, d.save_count, d.share_count)
                IS DISTINCT FROM (m.views, m.likes, m.saves, m.shares)
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM metrics)::int AS metrics_rows,
               (SELECT count(*) FROM changed)::int AS discoveries_changed`;
      return { metricsRows: row?.metrics_rows as number, discoveriesChanged: row?.discoveries_changed as number };
    },
  };
}

export type ContentMetrics = ReturnType<typeof createContentMetrics>;
