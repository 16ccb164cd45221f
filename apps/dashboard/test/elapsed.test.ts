import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Elapsed } from '../src/components/Progress.tsx';

/** The page's clock ticks once a second: what it shows must never read as "–" or negative. */
describe('Elapsed', () => {
  it('shows a job that started after the last tick as running for 0 ms, not "–"', () => {
    const startedAt = '2026-12-06T07:00:00.400Z';
    const now = Date.parse('2026-12-06T07:00:00.000Z');
    expect(renderToStaticMarkup(createElement(Elapsed, { startedAt, completedAt: null, now }))).toBe('0 ms');
  });

  it('shows how long a running job has run, and a finished one ran', () => {
    const startedAt = '2026-12-06T07:00:00.000Z';
    const now = Date.parse('2026-12-06T07:00:02.500Z');
    expect(renderToStaticMarkup(createElement(Elapsed, { startedAt, completedAt: null, now }))).toBe('2.5 s');
    const completedAt = '2026-12-06T07:00:01.000Z';
    expect(renderToStaticMarkup(createElement(Elapsed, { startedAt, completedAt, now }))).toBe('1.0 s');
  });
});
