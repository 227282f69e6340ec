#!/usr/bin/env node
/**
 * `npm run bench`: runs every scripts/bench-*.mjs in turn (name order), each in its own Node
 * process, and prints their figures. Arguments after `--` are passed to every bench.
 * Benchmarks print; they assert nothing.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const benches = readdirSync(dir)
  .filter((f) => /^bench-[\w-]+\.mjs$/.test(f))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, [`${dir}${file}`, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`(${file} exited with ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
