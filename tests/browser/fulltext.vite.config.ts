import { harnessConfig } from './harnessConfig';

/**
 * A separate build for scripts/bench-fulltext-browser.mjs: a bare page whose module worker runs
 * the full-text index's own code (src/fulltext) on a real OPFS file in Chromium.
 *   npx vite build --config tests/browser/fulltext.vite.config.ts
 */
export default harnessConfig('fulltext-harness', process.env.FULLTEXT_HARNESS_DIST ?? '/tmp/alex/fulltext-harness-dist');
