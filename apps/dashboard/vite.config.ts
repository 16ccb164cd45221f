import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The most JavaScript a first visit may download, gzipped. */
const INITIAL_JS_LIMIT = 250 * 1024;

/**
 * Prints the gzipped size of the JavaScript a first visit loads (the entry and what it imports
 * statically; lazy pages are not counted) and fails the build past INITIAL_JS_LIMIT.
 */
function initialBundleSize(): Plugin {
  return {
    name: 'initial-bundle-size',
    generateBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle)
          .filter((item) => item.type === 'chunk')
          .map((chunk) => [chunk.fileName, chunk]),
      );
      const initial = new Set<string>();
      const visit = (name: string) => {
        const chunk = chunks.get(name);
        if (!chunk || initial.has(name)) return;
        initial.add(name);
        for (const imported of chunk.imports) visit(imported);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
      const bytes = [...initial].reduce((sum, name) => sum + gzipSync(chunks.get(name)?.code ?? '').length, 0);
      const kb = (bytes / 1024).toFixed(1);
      console.log(`\ndashboard: initial JavaScript ${kb} KB gzipped (limit ${INITIAL_JS_LIMIT / 1024} KB)`);
      if (bytes > INITIAL_JS_LIMIT) this.error(`initial JavaScript is ${kb} KB gzipped, over the limit`);
    },
  };
}

// Served by the API under /dashboard/; assets carry a content hash and are cached for good.
export default defineConfig({
  base: '/dashboard/',
  plugins: [react(), initialBundleSize()],
  // Clerk's sign-in UI is one large chunk, fetched only by the sign-in page of a Clerk deployment.
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', chunkSizeWarningLimit: 1600 },
});
