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
  options: RecommendOptions = DEFAULT_RECOMMEND,
): T[] {
  const unseen = affinity?.seen.size ? pool.filter((item) => !affinity.seen.has(item.id)) : pool;
  if (unseen.length === 0) return [];
  let best = Number.MIN_VALUE;
  let bestTopic = 0;
  let bestDomain = 0;
  const topicMatch = new Float64Array(unseen.length);
  const domainMatch = new Float64Array(unseen.length);
  for (const [i, item] of unseen.entries()) {
    best = Math.max(best, item.score);
    if (!affinity) continue;
    for (const topic of item.topics) topicMatch[i] = (topicMatch[i] as number) + (affinity.topics.get(topic) ?? 0);
    domainMatch[i] = affinity.domains.get(item.domain) ?? 0;
    bestTopic = Math.max(bestTopic, topicMatch[i] as number);
    bestDomain = Math.max(bestDomain, domainMatch[i] as number);
  }
  const { count, maxPerTopic, tasteWeight } = options;
  const value = new Float64Array(unseen.length);
  for (const [i, item] of unseen.entries()) {
    const topics = bestTopic > 0 ? (topicMatch[i] as number) / bestTopic : 0;
    const domain = bestDomain > 0 ? (domainMatch[i] as number) / bestDomain : 0;
    value[i] = (1 - tasteWeight) * (item.score / best) + tasteWeight * ((topics + 0.5 * domain) / 1.5);
  }
  const ahead = (a: number, b: number) => {
    const [x, y] = [unseen[a] as T, unseen[b] as T];
    return (value[a] as number) - (value[b] as number) || x.score - y.score || (x.id < y.id ? 1 : -1);
  };
  const ranked = (function* () {
    for (const i of inOrder(unseen.length, ahead)) yield unseen[i] as T;
  })();
  return diverse(ranked, count, maxPerTopic);
}

/**
 * `recommend` over one pool for many users: a digest ranks the same pool for every recipient.
 * Without taste only popularity counts, and popularity orders the pool the same way whatever
 * was seen, so users without history share one ranking of the pool: computed once, and read
 * past what each saw. Most recipients have no history, and many have seen some of the pool.
 * The lists it answers must not be changed.
 */
export function createRecommender<T extends Candidate>(
  pool: readonly T[],
  options: RecommendOptions = DEFAULT_RECOMMEND,
): (affinity: UserAffinity | undefined) => readonly T[] {
  const byPopularity = recommend(pool, undefined, { ...options, count: pool.length, maxPerTopic: pool.length });
  const weekTop = diverse(byPopularity, options.count, options.maxPerTopic);
  return (affinity) => {
    if (hasHistory(affinity)) return recommend(pool, affinity, options);
    if (!affinity?.seen.size) return weekTop;
    const { seen } = affinity;
    return diverse(
      byPopularity.filter((item) => !seen.has(item.id)),
      options.count,
      options.maxPerTopic,
    );
  };
}

/** The first `count` of `ranked`, at most `maxPerTopic` per first topic while others are left. */
function diverse<T extends Candidate>(ranked: Iterable<T>, count: number, maxPerTopic: number): T[] {
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

/**
 * The indices 0..n-1, best first by `ahead` (> 0: a goes before b), taken lazily from a binary
 * heap: a user's list needs the first dozen or so of the pool, and sorting all of it for every
 * recipient was most of what personalisation cost (bench:digest).
 */
function* inOrder(n: number, ahead: (a: number, b: number) => number): Generator<number> {
  const heap = Array.from({ length: n }, (_, i) => i);
  const sink = (from: number, size: number) => {
    let i = from;
    for (;;) {
      const [left, right] = [2 * i + 1, 2 * i + 2];
      let top = i;
      if (left < size && ahead(heap[left] as number, heap[top] as number) > 0) top = left;
      if (right < size && ahead(heap[right] as number, heap[top] as number) > 0) top = right;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top] as number, heap[i] as number];
      i = top;
    }
  };
  for (let i = (n >> 1) - 1; i >= 0; i--) sink(i, n);
  for (let size = n; size > 0; size--) {
    yield heap[0] as number;
    heap[0] = heap[size - 1] as number;
    sink(0, size - 1);
  }
}
