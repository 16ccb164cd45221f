import type { UserAffinity } from '@scheduler/db';

/** A discovery of the week's pool: how engaging it was, and what it is about. */
export interface Candidate {
  id: string;
  topics: readonly string[];
  domain: string;
  /** The week's engagement score; the pool is sorted by it, best first. */
  score: number;
}

export interface RecommendOptions {
  count: number;
  /** At most this many items share a first topic, while others are left. */
  maxPerTopic: number;
  /** 0: the week's top for everyone; 1: taste alone. */
  tasteWeight: number;
}

export const DEFAULT_RECOMMEND: RecommendOptions = { count: 10, maxPerTopic: 3, tasteWeight: 0.7 };

/** Whether a user engaged with anything in the look-back window. */
export const hasHistory = (affinity: UserAffinity | undefined) =>
  !!affinity && (affinity.topics.size > 0 || affinity.domains.size > 0);

/**
 * One user's items from the week's pool, best first. Each candidate scores
 * (1 - tasteWeight) x popularity + tasteWeight x taste, where popularity is its score over the
 * pool's best, and taste is how well its topics (summed) and, half as much, its domain match
 * what the user engaged with, each over the best match in the pool. Items the user already
 * liked, saved or skipped are left out; no more than `maxPerTopic` share a first topic unless
 * nothing else is left. Without history taste is 0 everywhere: the week's top. Ties go to the
 * more engaging item, then the smaller id, so (user, week) always gives the same list.
 */
export function recommend<T extends Candidate>(
  pool: readonly T[],
  affinity: UserAffinity | undefined,
  { count, maxPerTopic, tasteWeight }: RecommendOptions = DEFAULT_RECOMMEND,
): T[] {
  const unseen = pool.filter((item) => !affinity?.seen.has(item.id));
  if (unseen.length === 0) return [];
  const best = Math.max(...unseen.map((item) => item.score), Number.MIN_VALUE);
  const topicMatch = (item: T) => item.topics.reduce((sum, topic) => sum + (affinity?.topics.get(topic) ?? 0), 0);
  const domainMatch = (item: T) => affinity?.domains.get(item.domain) ?? 0;
  const bestTopic = Math.max(0, ...unseen.map(topicMatch));
  const bestDomain = Math.max(0, ...unseen.map(domainMatch));
  const taste = (item: T) => {
    const topics = bestTopic > 0 ? topicMatch(item) / bestTopic : 0;
    const domain = bestDomain > 0 ? domainMatch(item) / bestDomain : 0;
    return (topics + 0.5 * domain) / 1.5;
  };
  const ranked = unseen
    .map((item) => ({ item, value: (1 - tasteWeight) * (item.score / best) + tasteWeight * taste(item) }))
    .sort((a, b) => b.value - a.value || b.item.score - a.item.score || (a.item.id < b.item.id ? -1 : 1))
    .map((entry) => entry.item);

  const chosen: T[] = [];
  const held: T[] = [];
  const perTopic = new Map<string, number>();
  for (const item of ranked) {
    if (chosen.length === count) break;
    const topic = item.topics[0] ?? '';
    const taken = perTopic.get(topic) ?? 0;
    if (taken >= maxPerTopic) {
      held.push(item);
      continue;
    }
    perTopic.set(topic, taken + 1);
    chosen.push(item);
  }
  // Not enough variety in the pool: fill up with the best of what diversity held back.
  for (const item of held) {
    if (chosen.length === count) break;
    chosen.push(item);
  }
  return chosen;
}
