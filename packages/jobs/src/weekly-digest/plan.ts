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
 * Each page's tastes in one query, then each recipient's items from the pool in memory. All of
 * it is bounded by the week's start (`to`), so a retry or a resumed run picks the same items.
 */
export function createPagePlanner(
  affinities: Affinities,
  pool: readonly TopDiscovery[],
  { to, topCount, personalise }: { to: Date; topCount: number; personalise: boolean },
) {
  const recommendFor = createRecommender(pool, { ...DEFAULT_RECOMMEND, count: topCount });
  return async (page: readonly Recipient[]): Promise<PlannedDigest[]> => {
    const tastes = personalise
      ? await affinities.ofUsers(
          page.map((r) => r.userId),
          pool.map((d) => d.id),
          { to, ...TASTE },
        )
      : new Map<string, UserAffinity>();
    return page.map((r) => {
      const taste = tastes.get(r.userId);
      const items = recommendFor(taste);
      return { recipient: r, items, history: hasHistory(taste) };
    });
  };
}
