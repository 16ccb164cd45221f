/** `pnpm readme:jobs`: writes README's job table from the catalogue (packages/jobs/src/readme-table.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCatalogue, withJobTable } from '@scheduler/jobs';

const file = fileURLToPath(new URL('../README.md', import.meta.url));
writeFileSync(file, withJobTable(readFileSync(file, 'utf8'), buildCatalogue().all));
console.log(`wrote the job table of ${file}`);
