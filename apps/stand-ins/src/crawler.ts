import type { Sql } from '@scheduler/db';
import Fastify from 'fastify';
import { z } from 'zod';

/** How the stand-in misbehaves; tests change it at run time (in process, or over HTTP). */
export interface CrawlerBehaviour {
  /** Answer every batch with this status and an error body instead of crawling. */
  failStatus: number | null;
  /** Answer 200 `{ success: false }` instead of crawling. */
  reportFailure: boolean;
  latencyMs: number;
  /** URLs containing this text fail to crawl (item-level failure). */
  failUrlsContaining: string;
}

export const defaultCrawlerBehaviour = (): CrawlerBehaviour => ({
  failStatus: null,
  reportFailure: false,
  latencyMs: 0,
  failUrlsContaining: 'unreachable',
});

const batchBody = z.object({
  jobId: z.string().optional(),
  items: z
    .array(z.object({ id: z.uuid(), url: z.string().min(1) }))
    .min(1)
    .max(1000),
});

const behaviourBody = z
  .object({
    failStatus: z.number().int().min(400).max(599).nullable(),
    reportFailure: z.boolean(),
    latencyMs: z.number().int().min(0).max(120_000),
    failUrlsContaining: z.string(),
  })
  .partial();

/**
 * Local stand-in of crawler-service's `POST /api/crawl/batch`. It "crawls" without touching
 * the network: metadata is derived from the URL and written to `discoveries`, as the real
 * crawler writes what it fetched. Every request it received is kept for tests to read.
 */
export function buildCrawlerStandIn(sql: Sql, behaviour: CrawlerBehaviour = defaultCrawlerBehaviour()) {
  const app = Fastify({ logger: false });
  const received: Array<{ jobId?: string | undefined; ids: string[]; headers: Record<string, unknown> }> = [];

  app.post('/api/crawl/batch', async (request, reply) => {
    const parsed = batchBody.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({ success: false, error: 'invalid batch', details: parsed.error.issues });
    }
    received.push({ jobId: parsed.data.jobId, ids: parsed.data.items.map((i) => i.id), headers: request.headers });
    if (behaviour.latencyMs > 0) await new Promise((r) => setTimeout(r, behaviour.latencyMs));
    if (behaviour.failStatus) {
      return reply
        .code(behaviour.failStatus)
        .send({ success: false, error: `crawler stand-in configured to fail with ${behaviour.failStatus}` });
    }
    if (behaviour.reportFailure) return { success: false, error: 'crawler stand-in reports failure' };

    const results = [];
    for (const item of parsed.data.items) {
      if (behaviour.failUrlsContaining && item.url.includes(behaviour.failUrlsContaining)) {
        results.push({ id: item.id, status: 'failed' as const, error: `fetch ${item.url}: connection refused` });
        continue;
      }
      const url = safeUrl(item.url);
      const slug = url?.pathname.split('/').filter(Boolean).pop() ?? 'home';
      await sql`
        UPDATE discoveries
        SET title = coalesce(title, ${titleCase(slug)}),
            description = coalesce(description, ${`Crawled from ${item.url}`}),
            domain = coalesce(domain, ${url?.hostname ?? null}),
            crawl_status = 'crawled', crawled_at = now()
        WHERE id = ${item.id}`;
      results.push({ id: item.id, status: 'crawled' as const });
    }
    return { success: true, results };
  });

  app.get('/__stand-in/requests', async () => ({ requests: received }));
  app.put('/__stand-in/behaviour', async (request, reply) => {
    const parsed = behaviourBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid behaviour', details: parsed.error.issues });
    Object.assign(behaviour, parsed.data);
    return behaviour;
  });

  return { app, behaviour, received };
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const titleCase = (slug: string) =>
  slug
    .replace(/[-_]+/g, ' ')
    .replace(/\b\w/g, (c) => c.toUpperCase())
    .slice(0, 200);
