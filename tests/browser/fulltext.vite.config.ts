import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * A separate build for scripts/bench-fulltext-browser.mjs: a bare page whose module worker runs
 * the full-text index's own code (src/fulltext) on a real OPFS file in Chromium. Not part of the
 * app's build.
 *   npx vite build --config tests/browser/fulltext.vite.config.ts
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./fulltext-harness'),
  // The real books, served next to the page (the worker fetches them).
  publicDir: here('../fixtures'),
  worker: { format: 'es' },
  logLevel: 'warn',
  build: {
    outDir: process.env.FULLTEXT_HARNESS_DIST ?? '/tmp/alex/fulltext-harness-dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
  },
});
