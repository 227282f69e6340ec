#!/usr/bin/env node
/**
 * Full-text index figures (issue #16; prints figures, asserts nothing), in Node with the same
 * wa-sqlite build (FTS5) and the same code as the browser's full-text worker, on an in-memory
 * database: not OPFS, so file-system cost is not in these numbers.
 *
 *  - real books (tests/fixtures and /work/shared/corpus, deduplicated by content): text read
 *    (pdf.js / EPUB unzip) and indexed, pages per second and MB of text per second;
 *  - a large library: `--books` generated books (default 1,000) made of real books' pages and
 *    passages, sampled with a fixed seed, each with one rare word of its own, written with the
 *    index's own writer: MB of text per second, index size over text size (pages in use, and
 *    the whole file: the user's disk), as written, after the app's idle steps and after FTS5
 *    'optimize';
 *  - query time (searchText, as the library's Search box runs it) for a common word, a rare
 *    word and a quoted phrase: median and 95th percentile over `--rounds` runs.
 *
 *   node scripts/bench-fulltext.mjs [--books 1000] [--sections 60] [--rounds 40]
 */
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { arg, dbSizes as sizes, fmt, median, loadAverage, p95, realBooks, ROOT } from './lib/benchKit.mjs';

const BOOKS = Number(arg('--books', 1000));
const SECTIONS = Number(arg('--sections', 60));
const ROUNDS = Number(arg('--rounds', 40));

const load = (p) => tsImport(join(ROOT, p), import.meta.url);
const { openWaSqlite } = await load('tests/unit/engines.ts');
const { ensureTextIndex } = await load('src/fulltext/textIndexSchema.ts');
const { indexBookText } = await load('src/fulltext/indexBookText.ts');
const { openBookText } = await load('src/fulltext/bookText.ts');
const { addTextPart, finishTextBook, optimizeStep, startTextBook } = await load('src/fulltext/textBooks.ts');
const { searchText } = await load('src/fulltext/searchText.ts');

const MB = 1e6;

async function freshIndex() {
  const db = await openWaSqlite();
  await ensureTextIndex(db);
  return db;
}

const indexSize = async (db) => (await sizes(db)).used;
const sizeLine = (s, chars) => `in use ${fmt(s.used / MB, 1)} MB = ${fmt(s.used / chars, 3)} × text, file ${fmt(s.file / MB, 1)} MB = ${fmt(s.file / chars, 3)} × text`;

console.log(`full-text index: Node ${process.version}, wa-sqlite in memory, load ${loadAverage()}`);

// 1. Real books, read and indexed one after another as the worker does.
const real = realBooks();
const db = await freshIndex();
let totalMs = 0;
let totalUnits = 0;
let totalChars = 0;
let totalFile = 0;
console.log('\nreal books (read + indexed):');
for (const b of real) {
  const t0 = performance.now();
  const state = await indexBookText(db, new Blob([b.bytes]), b.hash, b.type);
  const ms = performance.now() - t0;
  const row = await db.get('SELECT units, chars FROM text_books WHERE sha256 = ?', [b.hash]);
  totalMs += ms;
  totalUnits += row.units ?? 0;
  totalChars += row.chars;
  totalFile += b.bytes.length;
  console.log(
    `  ${b.name.padEnd(28)} ${state.padEnd(8)} ${String(row.units).padStart(4)} ${b.type === 'pdf' ? 'pages' : 'items'}  ${fmt(row.chars / MB, 2)} MB text  ${fmt(ms, 0)} ms  ${fmt((row.units * 1000) / ms, 0)} units/s  ${fmt(row.chars / MB / (ms / 1000), 2)} MB text/s`,
  );
}
const realIndex = await indexSize(db);
console.log(`  all: ${real.length} books, ${fmt(totalFile / MB, 2)} MB of files, ${fmt(totalChars / MB, 2)} MB of text, ${fmt((totalUnits * 1000) / totalMs, 0)} pages-or-items/s, ${fmt(totalChars / MB / (totalMs / 1000), 2)} MB text/s`);
console.log(`  index ${fmt(realIndex / MB, 2)} MB = ${fmt(realIndex / totalChars, 2)} × text, ${fmt(realIndex / totalFile, 2)} × files`);

// 2. A large library of real text: the real books' sections, sampled into generated books.
const pool = [];
for (const b of real) {
  const text = await openBookText(new Blob([b.bytes]), b.type);
  for (let u = 0; u < text.units; u++) for (const s of await text.unit(u)) if (s.text.trim()) pool.push(s.text);
  await text.close();
}
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const big = await freshIndex();
let bigChars = 0;
const t1 = performance.now();
for (let n = 0; n < BOOKS; n++) {
  const book = await startTextBook(big, `gen-${n}`, 'pdf');
  const sections = [];
  for (let s = 1; s <= SECTIONS; s++) {
    let text = pool[Math.floor(rand() * pool.length)];
    if (s === 1) text = `rarewordq${n} ` + text;
    sections.push({ section: s, text });
    bigChars += text.length;
  }
  await addTextPart(big, book, sections, SECTIONS);
  await finishTextBook(big, book, SECTIONS);
}
const writeMs = performance.now() - t1;
console.log(`\ngenerated library: ${BOOKS} books × ${SECTIONS} sections of real text (${pool.length} distinct sections in the pool)`);
console.log(`  written: ${fmt(bigChars / MB, 1)} MB of text in ${fmt(writeMs / 1000, 1)} s = ${fmt(bigChars / MB / (writeMs / 1000), 2)} MB text/s (writes only, no reading of books)`);
console.log(`  index as written: ${sizeLine(await sizes(big), bigChars)}`);
// What the app does once indexing is done (textIndexer's optimizeWhileIdle): merge steps, then the free pages handed back.
const t3 = performance.now();
let steps = 0;
while (await optimizeStep(big)) steps++;
console.log(`  after the app's idle steps (${steps}, ${fmt((performance.now() - t3) / 1000, 1)} s): ${sizeLine(await sizes(big), bigChars)}`);
const t2 = performance.now();
await big.run("INSERT INTO text_sections (text_sections) VALUES ('optimize')");
console.log(`  after optimize (${fmt((performance.now() - t2) / 1000, 1)} s): ${sizeLine(await sizes(big), bigChars)}`);
while (await optimizeStep(big)) steps++;
console.log(`  after optimize and the idle steps again: ${sizeLine(await sizes(big), bigChars)}`);

// 3. Query time as the Search box runs it (top 30 books).
const queries = [
  ['common word', 'the'],
  ['rare word', `rarewordq${Math.floor(BOOKS / 2)}`],
  ['phrase', '"reading data from files"'],
  ['two prefixes', 'regress mod'],
];
console.log(`\nqueries over ${BOOKS} books (${ROUNDS} runs each, after one warm-up):`);
// The list alone (books and their matching sections), then with the occurrence counts the rows show.
for (const [label, q] of queries) {
  const first = await searchText(big, q, 30);
  const line = [];
  for (const counts of [false, true]) {
    const times = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      await searchText(big, q, 30, { counts });
      times.push(performance.now() - t);
    }
    line.push(`${counts ? 'with counts' : 'list'} median ${fmt(median(times), 1)} ms p95 ${fmt(p95(times), 1)} ms`);
  }
  console.log(`  ${label.padEnd(13)} ${q.padEnd(28)} ${String(first.books).padStart(5)}${first.more ? '+' : ' '} books  ${line.join(' | ')}`);
}
// Back to back: the occurrence counts without the kept per-book term counts, i.e. every term
// counted from bm25 as before index version 3; and what those kept counts weigh.
const kept = await big.get('SELECT sum(length(counts)) AS n FROM text_book_rows');
await big.run('UPDATE text_book_rows SET counts = NULL');
await big.run('UPDATE text_books SET counted = 0');
console.log(`\nkept term counts (text_book_rows.counts): ${fmt(kept.n / MB, 2)} MB of blobs = ${fmt(kept.n / bigChars, 3)} × text`);
console.log('the same queries with counts from bm25 alone (no kept counts):');
for (const [label, q] of queries) {
  await searchText(big, q, 30);
  const times = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await searchText(big, q, 30, { counts: true });
    times.push(performance.now() - t);
  }
  console.log(`  ${label.padEnd(13)} ${q.padEnd(28)} with counts median ${fmt(median(times), 1)} ms p95 ${fmt(p95(times), 1)} ms`);
}
console.log(`load ${loadAverage()}`);
await big.close?.();
await db.close?.();
