import type { Sql } from '@scheduler/db';

/** A page the crawler stand-in crawls. */
export const reachableUrl = (i: number) => `https://example.org/articles/post-${i}`;

/** 250 discoveries of which every 50th, from the 8th, is on a host that refuses connections: 5 fail. */
export const oneInFiftyUnreachable = (i: number) =>
  i % 50 === 7 ? `https://unreachable.example/${i}` : reachableUrl(i);

/** The run's log, level and message, over 250 oneInFiftyUnreachable discoveries in batches of 100. */
export const LOG_OF_250_IN_BATCHES_OF_100 = [
  'info 250 discoveries to crawl, in batches of 100',
  'warn batch 1: 100 sent to the crawler: 98 crawled, 2 failed and back to pending (100 of 250)',
  'warn batch 2: 100 sent to the crawler: 98 crawled, 2 failed and back to pending (200 of 250)',
  'warn batch 3: 50 sent to the crawler: 49 crawled, 1 failed and back to pending (250 of 250)',
  'info finished: 245 crawled, 5 failed (nothing left pending)',
];

/**
 * `count` pending discoveries, the first the newest. Shared by the handler's test and the
 * worker's full-stack test.
 */
export async function seedPendingDiscoveries(sql: Sql, count: number, urlOf: (i: number) => string = reachableUrl) {
  await sql`
    INSERT INTO discoveries (url, crawl_status, created_at)
    SELECT u, 'pending', now() - (n * interval '1 second')
    FROM unnest(${Array.from({ length: count }, (_, i) => urlOf(i))}::text[]) WITH ORDINALITY AS t(u, n)`;
}

/** How many discoveries are in each crawl status, e.g. { crawled: 245, pending: 5 }. */
export async function crawlStatusCounts(sql: Sql) {
  const rows = await sql`SELECT crawl_status, count(*)::int AS n FROM discoveries GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.crawl_status, r.n]));
}

/** Items a failure was counted against or a run still holds: none after a crawler's outage. */
export async function chargedOrHeldItems(sql: Sql) {
  const [row] = await sql`
    SELECT count(*)::int AS n FROM discovery_crawl_state WHERE failures > 0 OR claimed_by_job IS NOT NULL`;
  return row?.n as number;
}

/** Clean slate between cases: no discoveries, no crawl state. */
export async function clearDiscoveries(sql: Sql) {
  await sql`DELETE FROM discovery_crawl_state`;
  await sql`DELETE FROM discoveries`;
}
