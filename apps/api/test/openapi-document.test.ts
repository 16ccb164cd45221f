import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentOpenApiDocument, openApiDocumentFile, renderOpenApiDocument } from '../scripts/openapi-document.ts';

describe('docs/openapi.json', () => {
  it('matches the routes the API serves (run `pnpm generate` after changing a route)', async () => {
    const written = readFileSync(openApiDocumentFile, 'utf8');
    expect(written).toBe(renderOpenApiDocument(await currentOpenApiDocument()));
  });
});
