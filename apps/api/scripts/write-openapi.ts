/** Writes docs/openapi.json from the routes' schemas (`pnpm generate` also regenerates the client from it). */
import { writeFileSync } from 'node:fs';
import { currentOpenApiDocument, openApiDocumentFile, renderOpenApiDocument } from './openapi-document.ts';

writeFileSync(openApiDocumentFile, renderOpenApiDocument(await currentOpenApiDocument()));
console.log(`wrote ${openApiDocumentFile}`);
process.exit(0);
