import { defineConfig } from 'vitest/config';

// Node tests (sql.js and wa-sqlite in Node). No Solid plugin here: it would switch to jsdom and
// the browser build of sql.js (see shared NOTES).
export default defineConfig({
  test: {
    environment: 'node',
    reporters: ['default', ['json', { outputFile: 'test-results/unit.json' }]],
    include: ['tests/unit/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
