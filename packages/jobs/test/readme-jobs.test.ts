import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalogue, JOB_TABLE_END, JOB_TABLE_START, renderJobTable, withJobTable } from '../src/index.ts';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe("README's job table", () => {
  it('is the catalogue as it is (run `pnpm readme:jobs` after changing a type)', () => {
    expect(README).toBe(withJobTable(README, buildCatalogue().all));
  });

  it('has a row per production type with what the definition declares', () => {
    const table = README.slice(README.indexOf(JOB_TABLE_START), README.indexOf(JOB_TABLE_END));
    const types = [...table.matchAll(/^\| `(\w+)` /gm)].map((m) => m[1]);
    expect(types).toEqual(buildCatalogue().names);
    expect(table).toMatch(/\| `weekly_digest` +\| .+ \| `weekly-digest`: `0 9 \* \* 1` UTC +\| 3 +\| 120min +\|/);
    expect(table).toMatch(/`moderation-updates`: `0 8 \* \* \*` UTC, off until enabled/);
  });

  it('lays a row out as Biome does: every column as wide as its widest cell', () => {
    const lines = renderJobTable(buildCatalogue().all).split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[1]).toMatch(/^\| -+ \| -+ \|/);
  });
});
