import { cpSync } from 'node:fs';
import { defineConfig } from 'tsup';

/**
 * How each app is built: one ESM file per entry (process), the workspace packages bundled in (with
 * whatever they import that the app does not declare), npm dependencies of the app external.
 * The SQL migrations travel beside the bundle (dist/migrations), where packages/db finds them.
 */
export const appBundle = (entry: string | string[]) =>
  defineConfig({
    entry: Array.isArray(entry) ? entry : [entry],
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
