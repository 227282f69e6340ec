import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * A separate build for tests/browser/extract.test.ts: a bare page that runs extractBook in a
 * real module worker, built by Vite the same way the app's ingest workers are. Not part of
 * the app's build, so nothing here is reachable from the app.
 *   npx vite build --config tests/browser/extract.vite.config.ts
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./extract-harness'),
  // The real books, served next to the page (the harness fetches them).
  publicDir: here('../fixtures'),
  worker: { format: 'es' },
  logLevel: 'warn',
  build: {
    outDir: process.env.EXTRACT_DIST ?? '/tmp/alex/extract-dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // pdf.js and its worker are big on purpose; no need to hear about it.
    chunkSizeWarningLimit: 4096,
  },
});
