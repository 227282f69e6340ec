#!/usr/bin/env node
/**
 * `npm run bench`: runs every scripts/bench-*.mjs in turn (name order), each in its own Node
 * process, and prints their figures, then the headline ones again (lines a bench marks with
 * summary(): ingest of real books next to calibre, peak memory, rescan, first page of a long PDF).
 * Without the real-books corpus those say how to build it; the rest runs all the same.
 * Arguments after `--` are passed to every bench.
 * Benchmarks print; they assert nothing.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUMMARY_MARK } from './lib/benchKit.mjs';

const dir = fileURLToPath(new URL('.', import.meta.url));
const benches = readdirSync(dir)
  .filter((f) => /^bench-[\w-]+\.mjs$/.test(f))
  .sort();
let failed = 0;
const headlines = [];
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const lines = await run(file);
  headlines.push(...lines.filter((l) => l.startsWith(SUMMARY_MARK)).map((l) => l.slice(SUMMARY_MARK.length)));
}
console.log(`\n=== Summary (${cpus().length} cores, ${cpus()[0]?.model}) ===`);
for (const h of headlines) console.log(`  ${h}`);
process.exit(failed ? 1 : 0);

/** Runs one bench, its output shown as it comes; resolves with its stdout lines. */
function run(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${dir}${file}`, ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d;
    });
    child.on('close', (code, signal) => {
      if (code !== 0) {
        failed++;
        console.log(`(${file} exited with ${code ?? signal})`);
      }
      resolve(out.split('\n'));
    });
  });
}
