// Shared by the job types: ranks a pool of discoveries by one user's taste.

/** What one user engaged with before a week: weights by topic and by domain. */
export interface UserAffinity {
  topics: Map<string, number>;
  domains: Map<string, number>;
  /** Of the candidates asked about: the ones this user already liked, saved or skipped. */
  seen: Set<string>;
}

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
  const n = unseen.length;
  if (n === 0) return [];
  // Plain indexed loops and typed arrays: this runs for every recipient with a history.
  let best = Number.MIN_VALUE;
  let bestTopic = 0;
  let bestDomain = 0;
  const topicMatch = new Float64Array(n);
  const domainMatch = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const item = unseen[i] as T;
    if (item.score > best) best = item.score;
    if (!affinity) continue;
    let topics = 0;
    for (const topic of item.topics) topics += affinity.topics.get(topic) ?? 0;
    const domain = affinity.domains.get(item.domain) ?? 0;
    topicMatch[i] = topics;
    domainMatch[i] = domain;
    if (topics > bestTopic) bestTopic = topics;
    if (domain > bestDomain) bestDomain = domain;
  }
  const { count, maxPerTopic, tasteWeight } = options;
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const topics = bestTopic > 0 ? (topicMatch[i] as number) / bestTopic : 0;
    const domain = bestDomain > 0 ? (domainMatch[i] as number) / bestDomain : 0;
    value[i] = (1 - tasteWeight) * ((unseen[i] as T).score / best) + tasteWeight * ((topics + 0.5 * domain) / 1.5);
  }
  const before = (a: number, b: number) => {
    const difference = (value[a] as number) - (value[b] as number);
    if (difference !== 0) return difference > 0;
    const [x, y] = [unseen[a] as T, unseen[b] as T];
    return x.score !== y.score ? x.score > y.score : x.id < y.id;
  };
  const next = inOrder(n, before);
  return diverse(
    () => {
      const i = next();
      return i === undefined ? undefined : unseen[i];
    },
    count,
    maxPerTopic,
  );
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
  const weekTop = diverse(reading(byPopularity), options.count, options.maxPerTopic);
  return (affinity) => {
    if (hasHistory(affinity)) return recommend(pool, affinity, options);
    if (!affinity?.seen.size) return weekTop;
    const { seen } = affinity;
    return diverse(reading(byPopularity.filter((item) => !seen.has(item.id))), options.count, options.maxPerTopic);
  };
}

/**
 * The first `count` items that `next` gives (best first), at most `maxPerTopic` per first topic
 * while others are left.
 */
function diverse<T extends Candidate>(next: () => T | undefined, count: number, maxPerTopic: number): T[] {
  const chosen: T[] = [];
  const held: T[] = [];
  const perTopic = new Map<string, number>();
  for (let item = next(); item !== undefined && chosen.length < count; item = next()) {
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

/** `next` over an array, for `diverse`. */
const reading = <T>(items: readonly T[]) => {
  let i = 0;
  return () => items[i++];
};

/**
 * The indices 0..n-1, best first by `before`, one per call (then undefined), from a binary
 * heap: a user's list needs the first dozen or so of the pool, and sorting all of it for every
 * recipient was most of what personalisation cost (bench:digest).
 */
function inOrder(n: number, before: (a: number, b: number) => boolean): () => number | undefined {
  const heap = new Int32Array(n);
  for (let i = 0; i < n; i++) heap[i] = i;
  const sink = (from: number, size: number) => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      let top = i;
      if (left < size && before(heap[left] as number, heap[top] as number)) top = left;
      if (left + 1 < size && before(heap[left + 1] as number, heap[top] as number)) top = left + 1;
      if (top === i) return;
      const swap = heap[i] as number;
      heap[i] = heap[top] as number;
      heap[top] = swap;
      i = top;
    }
  };
  for (let i = (n >> 1) - 1; i >= 0; i--) sink(i, n);
  let size = n;
  return () => {
    if (size === 0) return undefined;
    const first = heap[0] as number;
    size--;
    heap[0] = heap[size] as number;
    sink(0, size);
    return first;
  };
}
