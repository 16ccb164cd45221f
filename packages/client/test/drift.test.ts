import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { committedOpenApiDocument, renderClientTypes } from '../scripts/openapi.ts';

describe('the generated client', () => {
  it('matches docs/openapi.json, the API it talks to (run `pnpm generate` after changing a route)', async () => {
    const written = readFileSync(new URL('../src/api-types.ts', import.meta.url), 'utf8');
    expect(written).toBe(await renderClientTypes(committedOpenApiDocument()));
  });
});
