import { jsonParam, type Sql, uuidArray } from '@scheduler/db';

export interface ClaimedDiscovery {
  id: string;
  url: string;
}

export interface CrawlOutcome {
  id: string;
  ok: boolean;
  error?: string | null;
}

/**
 * The queries behind crawl_pending, shared with the reconciler, which releases the claims of
 * dead jobs. A claim marks a discovery `crawling` and records, in the scheduler's own
 * `discovery_crawl_state`, which job holds it, so that claims of a job that died can be found
 * and released.
 */
export function createCrawlClaims(sql: Sql) {
  const staleCondition = (recrawlBefore: Date | null) =>
    recrawlBefore ? sql`OR (crawl_status = 'crawled' AND crawled_at < ${recrawlBefore})` : sql``;

  return {
    async countClaimable(recrawlBefore: Date | null = null): Promise<number> {
      const [row] = await sql`
        SELECT count(*)::int AS n FROM discoveries
        WHERE deleted_at IS NULL AND (crawl_status = 'pending' ${staleCondition(recrawlBefore)})`;
      return (row?.n as number) ?? 0;
    },

    /**
     * Atomically claims up to `size` discoveries; concurrent claimers skip each other's rows.
     * Items attempted since `runStartedAt` are skipped, so a run tries each item once.
     */
    async claimBatch(
      jobId: string,
      size: number,
      runStartedAt: Date,
      recrawlBefore: Date | null = null,
    ): Promise<ClaimedDiscovery[]> {
      const rows = await sql`
        WITH picked AS (
          SELECT id FROM discoveries d
          WHERE deleted_at IS NULL AND (crawl_status = 'pending' ${staleCondition(recrawlBefore)})
            AND NOT EXISTS (
              SELECT 1 FROM discovery_crawl_state s
              WHERE s.discovery_id = d.id AND s.last_attempt_at >= ${runStartedAt})
          ORDER BY created_at, id
          LIMIT ${size}
          FOR UPDATE SKIP LOCKED
        ), marked AS (
          UPDATE discoveries d SET crawl_status = 'crawling'
          FROM picked WHERE d.id = picked.id
          RETURNING d.id, d.url, d.created_at
        ), claimed AS (
          INSERT INTO discovery_crawl_state (discovery_id, claimed_by_job, claimed_at, updated_at)
          SELECT id, ${jobId}, now(), now() FROM marked
          ON CONFLICT (discovery_id) DO UPDATE
            SET claimed_by_job = EXCLUDED.claimed_by_job, claimed_at = now(), updated_at = now()
        )
        SELECT id, url FROM marked ORDER BY created_at, id`;
      return rows.map((r) => ({ id: r.id as string, url: r.url as string }));
    },

    /**
     * Settles claimed items: a success is `crawled`; a failure counts against the item and
     * puts it back to `pending`, or `failed` once it has failed `maxFailures` times.
     * Returns how many items ended in each status.
     */
    async recordOutcomes(
      jobId: string,
      outcomes: CrawlOutcome[],
      maxFailures: number,
    ): Promise<{ crawled: number; pending: number; failed: number }> {
      if (outcomes.length === 0) return { crawled: 0, pending: 0, failed: 0 };
      const values = outcomes.map((o) => ({
        id: o.id,
        ok: o.ok,
        error: o.ok ? null : (o.error ?? 'crawl failed').slice(0, 1000),
      }));
      const rows = await sql`
        WITH outcome AS (
          SELECT * FROM jsonb_to_recordset(${jsonParam(sql, values)}) AS o(id uuid, ok boolean, error text)
        ), state AS (
          UPDATE discovery_crawl_state s
          SET claimed_by_job = NULL, claimed_at = NULL,
              failures = CASE WHEN o.ok THEN 0 ELSE s.failures + 1 END,
              last_error = CASE WHEN o.ok THEN NULL ELSE o.error END,
              last_attempt_at = now(), updated_at = now()
          FROM outcome o
          WHERE s.discovery_id = o.id AND s.claimed_by_job = ${jobId}
            AND s.discovery_id = ANY(${uuidArray(
              sql,
              values.map((v) => v.id),
            )})
          RETURNING s.discovery_id, s.failures, o.ok
        ), settled AS (
          UPDATE discoveries d
          SET crawl_status = CASE WHEN st.ok THEN 'crawled'
                                  WHEN st.failures >= ${maxFailures} THEN 'failed'
                                  ELSE 'pending' END,
              crawled_at = CASE WHEN st.ok THEN coalesce(d.crawled_at, now()) ELSE d.crawled_at END
          FROM state st
          WHERE d.id = st.discovery_id AND d.crawl_status = 'crawling'
        )
        SELECT ok, failures FROM state`;
      const counts = { crawled: 0, pending: 0, failed: 0 };
      for (const r of rows) {
        if (r.ok) counts.crawled++;
        else if ((r.failures as number) >= maxFailures) counts.failed++;
        else counts.pending++;
      }
      return counts;
    },

    /** Puts a job's claims back to `pending` without counting a failure (cancelled, shutdown). */
    async releaseClaimsOf(jobId: string): Promise<number> {
      return releaseWhere(sql`s.claimed_by_job = ${jobId}`);
    },

    /** Releases claims whose job is not running any more (its worker died, or it was settled). */
    async releaseOrphanedClaims(): Promise<number> {
      return releaseWhere(sql`NOT EXISTS (
        SELECT 1 FROM scheduled_jobs j WHERE j.id = s.claimed_by_job AND j.status = 'running')`);
    },
  };

  async function releaseWhere(condition: ReturnType<Sql>): Promise<number> {
    const rows = await sql`
      WITH released AS (
        UPDATE discovery_crawl_state s
        SET claimed_by_job = NULL, claimed_at = NULL, updated_at = now()
        WHERE s.claimed_by_job IS NOT NULL AND ${condition}
        RETURNING s.discovery_id
      )
      UPDATE discoveries d SET crawl_status = 'pending'
      FROM released r WHERE d.id = r.discovery_id AND d.crawl_status = 'crawling'
      RETURNING d.id`;
    return rows.length;
  }
}

export type CrawlClaims = ReturnType<typeof createCrawlClaims>;
