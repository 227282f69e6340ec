import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

/**
 * The Vite build of a bare test page (a harness) beside the app's: its module workers are
 * built the way the app's are, and the real books of tests/fixtures are served next to it (the
 * page or its worker fetches them). Not part of the app's build, so nothing in a harness is
 * reachable from the app.
 */
export function harnessConfig(folder: string, outDir: string): UserConfig {
  const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
  return defineConfig({
    root: here(`./${folder}`),
    publicDir: here('../fixtures'),
    worker: { format: 'es' },
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      // pdf.js and its worker are big on purpose; no need to hear about it.
      chunkSizeWarningLimit: 4096,
    },
  });
}
