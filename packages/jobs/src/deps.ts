import { createSideEffectLedger, type Sql } from '@scheduler/db';
import type { Catalogue } from './catalogue.ts';
import { createRetention } from './cleanup-old-data/retention.ts';
import type { CrawlerClient } from './services/crawler.ts';
import type { EmailClient } from './services/email.ts';
import { createContentMetrics, createCrawlClaims, createRecipients, createTrending } from './stumbleable/index.ts';
import { createAffinities } from './weekly-digest/affinities.ts';

/**
 * What every dependency is built from, once per process. The HTTP clients are made by
 * @scheduler/runtime (this package knows no HTTP client) and asked for only when a type needs them.
 */
export interface SharedResources {
  sql: Sql;
  crawler: () => CrawlerClient;
  email: () => EmailClient;
  /** The types this process runs (cleanup_old_data archives each with its retention). */
  catalogue: Pick<Catalogue, 'all'>;
}

/**
 * Every dependency a handler may ask for by name, and how it is built. `JobDeps` is read from
 * this table: a new dependency is one entry here.
 */
const DEPENDENCIES = {
  sql: ({ sql }) => sql,
  /** Claims of crawl_pending on discoveries (the reconciler releases dead jobs' claims too). */
  crawlClaims: ({ sql }) => createCrawlClaims(sql),
  contentMetrics: ({ sql }) => createContentMetrics(sql),
  trending: ({ sql }) => createTrending(sql),
  /** What each user engaged with before: for personal recommendations. */
  affinities: ({ sql }) => createAffinities(sql),
  crawler: ({ crawler }) => crawler(),
  email: ({ email }) => email(),
  /** Claims and confirms side effects (emails) so each happens once. */
  ledger: ({ sql }) => createSideEffectLedger(sql),
  /** Who gets which email. */
  recipients: ({ sql }) => createRecipients(sql),
  /** Batched deletes and archiving for cleanup_old_data. */
  retention: ({ sql, catalogue }) => createRetention(sql, catalogue),
} satisfies Record<string, (resources: SharedResources) => unknown>;

/** Everything a handler may talk to; each handler is given only what its definition `needs`. */
export type JobDeps = { [Name in keyof typeof DEPENDENCIES]: ReturnType<(typeof DEPENDENCIES)[Name]> };

/** The name of one dependency a handler may ask for. */
export type DepName = keyof JobDeps;

/** Builds exactly the dependencies named, each once. */
export function buildJobDeps<Name extends DepName>(
  needs: Iterable<Name>,
  resources: SharedResources,
): Pick<JobDeps, Name> {
  const deps: Partial<JobDeps> = {};
  for (const name of new Set(needs)) {
    (deps as Record<DepName, unknown>)[name] = DEPENDENCIES[name](resources);
  }
  return deps as Pick<JobDeps, Name>;
}

/** What a set of job types needs together: the union of their `needs`. */
export const needsOf = (definitions: Iterable<{ needs: readonly DepName[] }>): Set<DepName> =>
  new Set([...definitions].flatMap((definition) => definition.needs));
