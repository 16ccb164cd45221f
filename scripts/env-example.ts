/** `pnpm env:example`: writes .env.example from the settings' schemas (packages/config/src). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderEnvExample } from '@scheduler/config';

const file = fileURLToPath(new URL('../.env.example', import.meta.url));
writeFileSync(file, renderEnvExample());
console.log(`wrote ${file}`);
