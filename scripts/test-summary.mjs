// Adds up the JSON reports of the vitest runs (unit, browser) into one plain closing line.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const dir = 'test-results';
let passed = 0, failed = 0, skipped = 0;
const parts = [];
for (const f of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : []) {
  const r = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  parts.push(`${f.replace('.json', '')} ${r.numPassedTests}/${r.numTotalTests}`);
}
if (parts.length) console.log(`(${parts.join(', ')})`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
