import { defineConfig } from 'vitest/config';

// Browser tests: playwright-core drives Debian's Chromium against the production build, served
// by tests/browser/globalSetup.ts on 127.0.0.1. One file at a time: two cores.
export default defineConfig({
  test: {
    environment: 'node',
    reporters: ['default', ['json', { outputFile: 'test-results/browser.json' }]],
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/globalSetup.ts'],
    fileParallelism: false,
    // Generous: a loaded 2-core machine runs Chromium, pdf.js and SQLite slowly; tests never assert time.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
