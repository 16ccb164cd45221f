import { describe, expect, it } from 'vitest';
import { serialiseOnce, stringifyReusing } from '../src/services/reused-json.ts';

describe('stringifyReusing', () => {
  it('writes what JSON.stringify writes', () => {
    const samples: unknown[] = [
      { a: 1, b: 'x"y', c: [1, null, undefined, () => 1], d: undefined, e: { f: true, g: [] }, h: -0, i: 1e21 },
      [{ nested: [[{}]] }, 'é', '\u2028', NaN],
      { date: new Date(0), big: { toJSON: () => 'custom' } },
      'plain',
      42,
      null,
    ];
    for (const sample of samples) expect(stringifyReusing(sample)).toBe(JSON.stringify(sample));
  });

  it('copies the text made once for an object, which can no longer change', () => {
    const discovery = serialiseOnce({ id: 'd1', title: 'A "quoted" title', topics: ['art'] });
    const email = { to: 'ada@example.com', data: { discoveries: [discovery, discovery] } };
    expect(stringifyReusing(email)).toBe(JSON.stringify(email));
    expect(Object.isFrozen(discovery)).toBe(true);
    expect(() => {
      (discovery as { title: string }).title = 'changed';
    }).toThrow(TypeError);
  });
});
