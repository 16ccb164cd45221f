/** Writes src/api-types.ts from docs/openapi.json (`pnpm generate` writes that document first). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { committedOpenApiDocument, renderClientTypes } from './openapi.ts';

const file = fileURLToPath(new URL('../src/api-types.ts', import.meta.url));
writeFileSync(file, await renderClientTypes(committedOpenApiDocument()));
console.log(`wrote ${file}`);
