import { createRecommender, DEFAULT_RECOMMEND, hasHistory, type UserAffinity } from '../recommend.ts';
import type { Recipient, TopDiscovery } from '../stumbleable/index.ts';
import type { Affinities } from './affinities.ts';

/** The week's most engaging discoveries each recipient's items are chosen from. */
export const POOL_SIZE = 300;
/** Whose taste counts: likes, saves and shares of the last 90 days, halved every 14 days of age. */
const TASTE = { lookBackDays: 90, halfLifeDays: 14 };

/** One recipient's digest as planned: the items chosen for them, and whether their taste chose them. */
export interface PlannedDigest {
  recipient: Recipient;
  items: readonly TopDiscovery[];
  history: boolean;
}

/**
 * Every taste of the run in one query (at the first page), then each recipient's items from the
 * pool in memory: no query per page or per recipient. All of it is bounded by the week's start
 * (`to`), so a retry or a resumed run picks the same items.
 */
export function createPagePlanner(
  affinities: Affinities,
  pool: readonly TopDiscovery[],
  { to, topCount, personalise }: { to: Date; topCount: number; personalise: boolean },
) {
  const recommendFor = createRecommender(pool, { ...DEFAULT_RECOMMEND, count: topCount });
  let tastes: Promise<Map<string, UserAffinity>> | null = null;
  const loadTastes = () => {
    tastes = affinities.ofEveryone(
      pool.map((d) => d.id),
      { to, ...TASTE },
    );
    // A failure reaches the page that awaits it; a later page asks again.
    tastes.catch(() => {
      tastes = null;
    });
  };
  // Asked now, while the run reads its first page of recipients, not after it.
  if (personalise) loadTastes();
  return async (page: readonly Recipient[]): Promise<PlannedDigest[]> => {
    if (personalise && !tastes) loadTastes();
    const known = tastes ? await tastes : new Map<string, UserAffinity>();
    return page.map((r) => {
      const taste = known.get(r.userId);
      const items = recommendFor(taste);
      return { recipient: r, items, history: hasHistory(taste) };
    });
  };
}
