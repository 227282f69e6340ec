#!/usr/bin/env node
/**
 * Full-text index next to calibre's, on the same real books in the same run (prints figures,
 * asserts nothing). `--limit` books of the real corpus (spread over its packages by a fixed
 * stride), then:
 *  - Alex: each book read and indexed with the app's own code (indexBookText, wa-sqlite FTS5 in
 *    memory, as scripts/bench-fulltext.mjs does for its real books);
 *  - calibre: `calibredb add` of the same files into a temporary library, then
 *    `calibredb fts_index enable --wait-for-completion --indexing-speed=fast`, timed; its index
 *    is the library's full-text-search.db.
 * Text size for MB/s and index-over-text is Alex's extracted character count, for both.
 * Queries: Alex's searchText in-process; calibre's `calibredb fts_search` per call (includes
 * process start) and its db API in one `calibre-debug -c` process (in-process, the fair figure).
 *
 *   node scripts/bench-fulltext-calibre.mjs [--limit 40] [--rounds 20]   (about 80 s on 2 cores; `npm run bench` runs it)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { CORPUS_HINT, existingCorpus } from './lib/corpus.mjs';
import { arg, bookFile, dbSizes, fmt, loadAverage, median, p95, ROOT, summary } from './lib/benchKit.mjs';

const LIMIT = Number(arg('--limit', 40));
const ROUNDS = Number(arg('--rounds', 20));
const MB = 1e6;
const ENV = { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' };

const files = existingCorpus();
if (!files) {
  console.log(`Skipped: ${CORPUS_HINT}.`);
  summary(`full-text index vs calibre: skipped, ${CORPUS_HINT}`);
  process.exit(0);
}
// A fixed stride over the manifest (sorted by path) so every package has its share.
const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
const stride = Math.max(1, Math.floor(sorted.length / LIMIT));
const subset = sorted.filter((_, i) => i % stride === 0).slice(0, LIMIT);
const fileBytes = subset.reduce((n, f) => n + f.size, 0);
console.log(`full-text index vs calibre: ${subset.length} of ${files.length} corpus books, ${fmt(fileBytes / MB, 1)} MB of files; Node ${process.version}; load ${loadAverage()}`);

// 1. Alex.
const load = (p) => tsImport(join(ROOT, p), import.meta.url);
const { openWaSqlite } = await load('tests/unit/engines.ts');
const { ensureTextIndex } = await load('src/fulltext/textIndexSchema.ts');
const { indexBookText } = await load('src/fulltext/indexBookText.ts');
const { searchText } = await load('src/fulltext/searchText.ts');

const db = await openWaSqlite();
await ensureTextIndex(db);
let alexMs = 0;
let chars = 0;
for (const f of subset) {
  const b = bookFile(f.abs, f.path);
  const t0 = performance.now();
  const state = await indexBookText(db, new Blob([b.bytes]), b.hash, b.type);
  alexMs += performance.now() - t0;
  const row = await db.get('SELECT units, chars FROM text_books WHERE sha256 = ?', [b.hash]);
  chars += row?.chars ?? 0;
  console.log(`  ${f.path.slice(0, 60).padEnd(60)} ${state.padEnd(8)} ${String(row?.units).padStart(5)} units ${fmt((row?.chars ?? 0) / MB, 2)} MB text`);
}
const alexSize = await dbSizes(db);
console.log(`  Alex text: ${fmt(chars / MB, 2)} MB extracted (characters), the text size used for both below`);

// The rare word: the first candidate found in exactly one or two of these books.
const CANDIDATES = ['lintian', 'debhelper', 'quilt', 'biblatex', 'metafont', 'kerning', 'ggplot', 'sanskrit', 'hieroglyph', 'lilypond', 'chemfig', 'feynman', 'ligature', 'sweave', 'bidi'];
let rare = null;
for (const w of CANDIDATES) {
  const r = await searchText(db, w, 30);
  if (r.books >= 1 && r.books <= 2) {
    rare = w;
    break;
  }
}
const queries = [['common word', 'the'], ['rare word', rare ?? 'lintian'], ['phrase', '"the following"']];

const alexQ = [];
for (const [label, q] of queries) {
  const first = await searchText(db, q, 30);
  const times = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await searchText(db, q, 30);
    times.push(performance.now() - t);
  }
  alexQ.push({ label, q, books: first.books, more: first.more, med: median(times), p95: p95(times) });
}
await db.close?.();

// 2. calibre.
const library = mkdtempSync(join(tmpdir(), 'alex-bench-calibre-fts-'));
const sh = (cmd, args) => {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env: ENV, encoding: 'utf8', maxBuffer: 64 * MB });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
};
let cal = null;
try {
  const add = sh('calibredb', ['add', '--library-path', library, ...subset.map((f) => f.abs)]);
  if (add.status !== 0) throw new Error(`calibredb add: ${add.stderr.slice(-400)}`);
  const idx = sh('calibredb', ['fts_index', 'enable', '--wait-for-completion', '--indexing-speed=fast', '--library-path', library]);
  if (idx.status !== 0) throw new Error(`calibredb fts_index: ${idx.stderr.slice(-400)}`);
  const ftsDb = join(library, 'full-text-search.db');
  const size = existsSync(ftsDb) ? statSync(ftsDb).size + (existsSync(`${ftsDb}-wal`) ? statSync(`${ftsDb}-wal`).size : 0) : NaN;
  const cli = [];
  for (const [label, q] of queries) {
    const times = [];
    let n = 0;
    for (let i = 0; i < Math.min(ROUNDS, 5); i++) {
      const r = sh('calibredb', ['fts_search', '--output-format=json', '--library-path', library, q]);
      times.push(r.seconds * 1000);
      try {
        n = new Set(JSON.parse(r.stdout).map((x) => x.book_id)).size;
      } catch {
        n = NaN;
      }
    }
    cli.push({ label, q, books: n, med: median(times), p95: p95(times) });
  }
  // In-process: one calibre-debug, the db opened once, each query timed over the rounds.
  const py = `
import json, time, sys
from calibre.library import db
cache = db(${JSON.stringify(library)}).new_api
out = []
for q in ${JSON.stringify(queries.map(([, q]) => q))}:
    books = len({r['book_id'] for r in cache.fts_search(q)})
    ts = []
    for i in range(${ROUNDS}):
        t = time.perf_counter(); list(cache.fts_search(q)); ts.append((time.perf_counter() - t) * 1000)
    out.append({'books': books, 'times': ts})
print('RESULT' + json.dumps(out))
`;
  const dbg = sh('calibre-debug', ['-c', py]);
  const m = /RESULT(.*)/.exec(dbg.stdout ?? '');
  const inproc = m ? JSON.parse(m[1]).map((r) => ({ books: r.books, med: median(r.times), p95: p95(r.times) })) : null;
  if (!inproc) console.log(`  (calibre-debug in-process search failed: ${(dbg.stderr ?? '').slice(-300)})`);
  cal = { addS: add.seconds, indexS: idx.seconds, size, cli, inproc };
} finally {
  rmSync(library, { recursive: true, force: true });
}

// 3. Figures.
const line = (name, s, size) => `  ${name.padEnd(8)} index ${fmt(s, 1)} s = ${fmt(chars / MB / s, 2)} MB text/s; index file ${fmt(size / MB, 1)} MB = ${fmt(size / chars, 2)} × text`;
console.log(`\nindexing ${fmt(chars / MB, 2)} MB of text (Alex's character count) from ${subset.length} books; load ${loadAverage()}`);
console.log(`${line('Alex', alexMs / 1000, alexSize.file)} (read + indexed, one book after another, one thread, in memory)`);
console.log(`${line('calibre', cal.indexS, cal.size)} (fts_index enable --indexing-speed=fast, its worker processes; calibredb add took ${fmt(cal.addS, 1)} s more, not counted)`);
console.log(`\nqueries (books found; median / p95 ms):`);
for (let i = 0; i < queries.length; i++) {
  const a = alexQ[i];
  const c = cal.cli[i];
  const p = cal.inproc?.[i];
  console.log(`  ${a.label.padEnd(12)} ${a.q.padEnd(16)} Alex searchText in-process ${a.books}${a.more ? '+' : ''} books ${fmt(a.med, 1)} / ${fmt(a.p95, 1)} ms | calibre in-process (calibre-debug, db API) ${p ? `${p.books} books ${fmt(p.med, 1)} / ${fmt(p.p95, 1)} ms` : 'n/a'} | calibredb fts_search per call, incl. process start ${c.books} books ${fmt(c.med, 0)} / ${fmt(c.p95, 0)} ms`);
}
console.log(`(Alex's searchText stops at the first 30 books, the Search box's page; calibre's fts_search returns every match.)`);
summary(`full-text index of ${subset.length} real books (${fmt(chars / MB, 1)} MB text): Alex ${fmt(chars / MB / (alexMs / 1000), 2)} MB text/s, calibre ${fmt(chars / MB / cal.indexS, 2)} MB text/s; index ${fmt(alexSize.file / chars, 2)} vs ${fmt(cal.size / chars, 2)} × text`);
