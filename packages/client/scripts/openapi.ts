import { randomBytes } from 'node:crypto';
import { buildApp, createApiDeps } from '@scheduler/api';
import { loadApiConfig } from '@scheduler/config';
import openapiTS, { astToString } from 'openapi-typescript';

/**
 * The API's OpenAPI document as the running code declares it: the app is built in process
 * (nothing listens, and it needs neither Postgres nor Redis to describe itself) and asked for
 * /docs/json.
 */
export async function currentOpenApiDocument(env: NodeJS.ProcessEnv = process.env): Promise<object> {
  const key = randomBytes(32).toString('hex');
  const config = loadApiConfig({ ...env, SCHEDULER_SERVICE_KEY: key, INSTALL_DEFAULT_SCHEDULES: 'false' });
  const app = await buildApp(createApiDeps(config), { logger: false });
  try {
    const res = await app.inject({ method: 'GET', url: '/docs/json', headers: { authorization: `Bearer ${key}` } });
    if (res.statusCode !== 200) throw new Error(`/docs/json answered ${res.statusCode}: ${res.body}`);
    return res.json();
  } finally {
    await app.close();
  }
}

/** The client's types for a document, as `src/api-types.ts` holds them. */
export async function renderClientTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], { alphabetize: true });
  return [
    "// Generated from the API's OpenAPI document by `pnpm --filter @scheduler/client generate`.",
    '// Do not edit: a test fails when this file and the API differ.',
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
