import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadApiConfig } from '@scheduler/config';
import { buildApp, createApiDeps } from '../src/index.ts';

/**
 * Where the API's OpenAPI document is committed: the contract `packages/client` is generated
 * from, so the client never builds the API to learn it.
 */
export const openApiDocumentFile = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));

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

/** The document as `docs/openapi.json` holds it. */
export function renderOpenApiDocument(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
