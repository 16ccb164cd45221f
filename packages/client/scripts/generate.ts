/** Writes src/api-types.ts from the API's OpenAPI document. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { currentOpenApiDocument, renderClientTypes } from './openapi.ts';

const file = fileURLToPath(new URL('../src/api-types.ts', import.meta.url));
writeFileSync(file, await renderClientTypes(await currentOpenApiDocument()));
console.log(`wrote ${file}`);
process.exit(0);
