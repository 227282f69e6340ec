import { harnessConfig } from './harnessConfig';

/**
 * A separate build for tests/browser/extract.test.ts: a bare page that runs extractBook in a
 * real module worker, built by Vite the same way the app's ingest workers are.
 *   npx vite build --config tests/browser/extract.vite.config.ts
 */
export default harnessConfig('extract-harness', process.env.EXTRACT_DIST ?? '/tmp/alex/extract-dist');
