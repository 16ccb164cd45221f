import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentOpenApiDocument, renderClientTypes } from '../scripts/openapi.ts';

describe('the generated client', () => {
  it('matches the API it talks to (run `pnpm --filter @scheduler/client generate` after changing a route)', async () => {
    const written = readFileSync(new URL('../src/api-types.ts', import.meta.url), 'utf8');
    expect(written).toBe(await renderClientTypes(await currentOpenApiDocument()));
  });
});
