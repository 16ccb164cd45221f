import { describe, expect, it } from 'vitest';
import { type Candidate, createRecommender, recommend, type UserAffinity } from '../src/recommend.ts';

// The week's pool, best first by engagement.
const pool: Candidate[] = [
  { id: 'a1', topics: ['art'], domain: 'museum.org', score: 100 },
  { id: 's1', topics: ['science'], domain: 'lab.org', score: 80 },
  { id: 'a2', topics: ['art'], domain: 'museum.org', score: 60 },
  { id: 's2', topics: ['science', 'space'], domain: 'lab.org', score: 50 },
  { id: 'm1', topics: ['music'], domain: 'tunes.fm', score: 40 },
];
const taste = (
  topics: Record<string, number>,
  seen: string[] = [],
  domains: Record<string, number> = {},
): UserAffinity => ({
  topics: new Map(Object.entries(topics)),
  domains: new Map(Object.entries(domains)),
  seen: new Set(seen),
});
const ids = (items: Candidate[]) => items.map((i) => i.id);
const options = { count: 3, maxPerTopic: 3, tasteWeight: 0.7 };

describe('recommend', () => {
  it('gives a user without history the week’s top', () => {
    expect(ids(recommend(pool, undefined, options))).toEqual(['a1', 's1', 'a2']);
    expect(ids(recommend(pool, taste({}), options))).toEqual(['a1', 's1', 'a2']);
  });

  it('ranks opposite tastes oppositely', () => {
    // Science fan: s1 = 0.3*0.8 + 0.7*1 = 0.94; s2 = 0.3*0.5 + 0.7*1 = 0.85; a1 = 0.3*1 = 0.30.
    expect(ids(recommend(pool, taste({ science: 5 }), options))).toEqual(['s1', 's2', 'a1']);
    // Art fan: a1 = 0.3 + 0.7 = 1.0; a2 = 0.18 + 0.7 = 0.88; s1 = 0.24.
    expect(ids(recommend(pool, taste({ art: 5 }), options))).toEqual(['a1', 'a2', 's1']);
  });

  it('counts every topic of an item and, half as much, its domain', () => {
    // space 4 + science 1: s2 matches 5 (best), s1 matches 1 (0.2). tunes.fm is the best domain.
    // s2: 0.15 + 0.7*(1/1.5) = 0.617; m1: 0.12 + 0.7*(0.5/1.5) = 0.353; s1: 0.24 + 0.7*(0.2/1.5) = 0.333.
    const fan = taste({ space: 4, science: 1 }, [], { 'tunes.fm': 2 });
    expect(ids(recommend(pool, fan, options))).toEqual(['s2', 'm1', 's1']);
  });

  it('never sends what the user already liked, saved or skipped', () => {
    expect(ids(recommend(pool, taste({ art: 5 }, ['a1', 'a2']), options))).toEqual(['s1', 's2', 'm1']);
  });

  it('keeps some variety: no more than maxPerTopic of one first topic while others are left', () => {
    const artPool: Candidate[] = [
      ...['x1', 'x2', 'x3', 'x4'].map((id, i) => ({ id, topics: ['art'], domain: 'museum.org', score: 90 - i })),
      { id: 'y1', topics: ['food'], domain: 'cook.com', score: 10 },
    ];
    const picked = recommend(artPool, taste({ art: 5 }), { count: 4, maxPerTopic: 2, tasteWeight: 0.7 });
    expect(ids(picked)).toEqual(['x1', 'x2', 'y1', 'x3']);
  });

  it('gives the same list for the same inputs, ties broken by engagement then id', () => {
    const tied: Candidate[] = [
      { id: 'b', topics: ['t'], domain: 'd', score: 5 },
      { id: 'a', topics: ['t'], domain: 'd', score: 5 },
    ];
    expect(ids(recommend(tied, undefined, options))).toEqual(['a', 'b']);
    expect(recommend(pool, taste({ art: 1, science: 1 }), options)).toEqual(
      recommend([...pool], taste({ science: 1, art: 1 }), options),
    );
  });

  it('a recommender over one pool answers as recommend does, sharing the week’s top among users without history', () => {
    const forWeek = createRecommender(pool, options);
    expect(ids([...forWeek(undefined)])).toEqual(['a1', 's1', 'a2']);
    expect(forWeek(taste({}))).toBe(forWeek(undefined));
    // Seen but no taste: the week's top without what they saw, not the shared list.
    expect(ids([...forWeek(taste({}, ['s1']))])).toEqual(['a1', 'a2', 's2']);
    expect(ids([...forWeek(taste({ science: 5 }))])).toEqual(['s1', 's2', 'a1']);
    // Over random pools too, seen or not, with taste or not: the same lists as recommend.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 30; round++) {
      const items: Candidate[] = Array.from({ length: 40 }, (_, i) => ({
        id: `d${String(i).padStart(2, '0')}`,
        topics: [['art', 'food', 'music'][Math.floor(random() * 3)] as string],
        domain: 'site.org',
        score: Math.floor(random() * 10),
      }));
      const seenOnly = taste(
        {},
        items.filter(() => random() < 0.3).map((i) => i.id),
      );
      const withTaste = taste({ art: random() }, seenOnly.seen.size ? [...seenOnly.seen] : []);
      const o = { count: 8, maxPerTopic: 2, tasteWeight: 0.7 };
      for (const affinity of [undefined, seenOnly, withTaste])
        expect(ids([...createRecommender(items, o)(affinity)])).toEqual(ids(recommend(items, affinity, o)));
    }
  });

  it('picks what a full sort of the pool would, over random pools and tastes', () => {
    // The formula of recommend's comment, sorted in full: the reference the lazy heap must match.
    const reference = (items: Candidate[], affinity: UserAffinity, o = options) => {
      const unseen = items.filter((i) => !affinity.seen.has(i.id));
      const best = Math.max(...unseen.map((i) => i.score));
      const topic = (i: Candidate) => i.topics.reduce((sum, t) => sum + (affinity.topics.get(t) ?? 0), 0);
      const domain = (i: Candidate) => affinity.domains.get(i.domain) ?? 0;
      const [bestTopic, bestDomain] = [Math.max(0, ...unseen.map(topic)), Math.max(0, ...unseen.map(domain))];
      const value = (i: Candidate) =>
        0.3 * (i.score / best) +
        0.7 * (((bestTopic ? topic(i) / bestTopic : 0) + 0.5 * (bestDomain ? domain(i) / bestDomain : 0)) / 1.5);
      const ranked = [...unseen].sort((a, b) => value(b) - value(a) || b.score - a.score || (a.id < b.id ? -1 : 1));
      const chosen: Candidate[] = [];
      const held: Candidate[] = [];
      for (const item of ranked) {
        const same = chosen.filter((c) => c.topics[0] === item.topics[0]).length;
        if (chosen.length < o.count) (same < o.maxPerTopic ? chosen : held).push(item);
      }
      return [...chosen, ...held].slice(0, o.count);
    };
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const topics = ['art', 'science', 'music', 'food', 'space'];
    const pick = () => topics[Math.floor(random() * topics.length)] as string;
    for (let round = 0; round < 50; round++) {
      const items: Candidate[] = Array.from({ length: 60 }, (_, i) => ({
        id: `d${String(i).padStart(2, '0')}`,
        topics: [pick(), pick()],
        domain: `site${Math.floor(random() * 6)}.org`,
        score: Math.floor(random() * 20),
      }));
      const affinity = taste(
        { [pick()]: Math.floor(random() * 5), [pick()]: random() },
        items.filter(() => random() < 0.2).map((i) => i.id),
        { [`site${Math.floor(random() * 6)}.org`]: random() * 3 },
      );
      const o = { count: 10, maxPerTopic: 3, tasteWeight: 0.7 };
      expect(ids(recommend(items, affinity, o))).toEqual(ids(reference(items, affinity, o)));
    }
  });
});
