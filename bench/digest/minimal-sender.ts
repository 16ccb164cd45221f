import type { Sql } from '@scheduler/db';
import { bareEmailBody, createBarePoster } from './bare-client.ts';

/** At most `slots` of the given tasks run at once, across every caller. */
function limiter(slots: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * The least an exactly-once sender can cost here, the digest's baseline: the bare sender plus,
 * per batch, one `INSERT … ON CONFLICT DO NOTHING` claiming its keys in a table with a primary
 * key only, the sends of what it claimed, and one UPDATE confirming what was sent. No
 * recipients read, no ranking, no templates; two batches overlap, as in the digest, so the email
 * service is not left idle while a batch is claimed or confirmed.
 */
export async function sendMinimalOnce(
  sql: Sql,
  baseUrl: string,
  {
    userIds,
    week,
    batchSize,
    concurrency,
    templateData,
  }: { userIds: readonly string[]; week: string; batchSize: number; concurrency: number; templateData: object },
): Promise<{ perSecond: number; seconds: number; failed: number; confirmed: number }> {
  await sql`
    CREATE TABLE IF NOT EXISTS bench_minimal_ledger (key text PRIMARY KEY, sent boolean NOT NULL DEFAULT false)
    WITH (fillfactor = 50)`;
  await sql`TRUNCATE bench_minimal_ledger`;
  const poster = createBarePoster(baseUrl, concurrency);
  const slot = limiter(concurrency);
  let failed = 0;

  const sendBatch = async (from: number) => {
    const ids = userIds.slice(from, from + batchSize);
    const keys = ids.map((id) => `minimal:${id}:${week}`);
    const claimed = await sql`
      INSERT INTO bench_minimal_ledger (key) SELECT unnest(${sql.array(keys)}::text[])
      ON CONFLICT DO NOTHING RETURNING key`;
    const mine = new Set(claimed.map((r) => r.key as string));
    const sent: string[] = [];
    await Promise.all(
      ids.map(async (id, j) => {
        const key = keys[j] as string;
        if (!mine.has(key)) return;
        if (await slot(() => poster.post(bareEmailBody(id, from + j, templateData), key))) sent.push(key);
        else failed++;
      }),
    );
    await sql`
      UPDATE bench_minimal_ledger SET sent = true
      WHERE key IN (SELECT unnest(${sql.array(sent)}::text[]))`;
  };

  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let from = 0; from < userIds.length; from += batchSize) {
    const batch = sendBatch(from);
    inFlight.add(batch);
    void batch.finally(() => inFlight.delete(batch));
    if (inFlight.size >= 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  poster.close();
  const [row] = await sql`SELECT count(*)::int AS n FROM bench_minimal_ledger WHERE sent`;
  return { perSecond: userIds.length / seconds, seconds, failed, confirmed: row?.n as number };
}
