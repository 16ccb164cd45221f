import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';

/**
 * The API's OpenAPI document as committed: apps/api writes it (`pnpm generate`), and a test
 * there fails when it and the routes differ. The client learns the API from this file alone.
 */
export function committedOpenApiDocument(): object {
  return JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
}

/** The client's types for a document, as `src/api-types.ts` holds them. */
export async function renderClientTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], { alphabetize: true });
  return [
    '// Generated from docs/openapi.json by `pnpm generate`.',
    '// Do not edit: a test fails when this file and the document differ.',
    '',
    astToString(ast),
    enumValues(document),
  ].join('\n');
}

/**
 * The values of each named string enum of the document (`JobStatus` → `jobStatusValues`), for
 * what a page lists. openapi-typescript's own `enumValues` also walks inline enums and emits
 * types that do not compile for nullable objects; the named schemas are the ones pages list.
 */
function enumValues(document: object): string {
  const schemas = (document as { components?: { schemas?: Record<string, { type?: unknown; enum?: unknown[] }> } })
    .components?.schemas;
  return Object.entries(schemas ?? {})
    .filter(([name, schema]) => !name.endsWith('Input') && schema.type === 'string' && Array.isArray(schema.enum))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, schema]) =>
        `export const ${name[0]?.toLowerCase()}${name.slice(1)}Values = ${JSON.stringify(schema.enum)} as const satisfies ReadonlyArray<components['schemas']['${name}']>;\n`,
    )
    .join('');
}
