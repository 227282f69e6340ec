#!/usr/bin/env node
/**
 * `npm run bench`: runs every scripts/bench-*.mjs in turn (each prints its own figures; none
 * asserts anything). Pass a name to run only the matching ones: `npm run bench -- library`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const benches = readdirSync(dir)
  .filter((f) => /^bench-[\w-]+\.mjs$/.test(f) && (!only || f.includes(only)))
  .sort();
let failed = 0;
for (const f of benches) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, [`${dir}${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
