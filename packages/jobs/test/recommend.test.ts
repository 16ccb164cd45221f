import type { UserAffinity } from '@scheduler/db';
import { describe, expect, it } from 'vitest';
import { type Candidate, recommend } from '../src/recommend.ts';

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
});
