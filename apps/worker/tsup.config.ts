import { cpSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One ESM file per process; the workspace packages are bundled in, npm dependencies stay
// external. The SQL migrations travel beside the bundle (dist/migrations).
export default defineConfig({
  entry: ['src/main.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  clean: true,
  sourcemap: true,
  noExternal: [/^@scheduler\//],
  // Bundled CommonJS dependencies (pg, ...) call require(); give them one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  async onSuccess() {
    cpSync('../../packages/db/migrations', 'dist/migrations', { recursive: true });
  },
});
