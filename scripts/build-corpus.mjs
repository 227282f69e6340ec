#!/usr/bin/env node
/** `npm run bench:corpus`: builds the real-books corpus of scripts/lib/corpus.mjs if it is missing (`--force`: anew). */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, ensureCorpus } from './lib/corpus.mjs';

if (process.argv.includes('--force')) rmSync(join(CORPUS_DIR, 'manifest.json'), { force: true });
const files = ensureCorpus();
console.log(`${files.length} files, ${(files.reduce((n, f) => n + f.size, 0) / 1e6).toFixed(0)} MB in ${CORPUS_DIR}`);
