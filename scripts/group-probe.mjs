// Cost of grouping matches by book (index version 4's join on text_books.base) against reading the rows alone, interleaved.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
const ROOT = '/work/wt/fts6/';
const load = (p) => tsImport(join(ROOT, p), import.meta.url);
const { openWaSqlite } = await load('tests/unit/engines.ts');
const { ensureTextIndex } = await load('src/fulltext/textIndexSchema.ts');
const { addTextPart, finishTextBook, startTextBook } = await load('src/fulltext/textBooks.ts');
const { searchText } = await load('src/fulltext/searchText.ts');
const pool = JSON.parse(readFileSync('/tmp/fts6/pool.json', 'utf8'));
const db = await openWaSqlite(); await ensureTextIndex(db);
let seed = 1; const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
for (let n = 0; n < 100; n++) {
  const book = await startTextBook(db, `gen-${n}`, 'pdf'); const sections = [];
  for (let s = 1; s <= 60; s++) sections.push({ section: s, text: pool[Math.floor(rand() * pool.length)] });
  await addTextPart(db, book, sections, 60); await finishTextBook(db, book, 60);
}
const match = '("the" OR "their" OR "them" OR "then" OR "there" OR "these" OR "they" OR "this")';
const rowsOnly = () => db.all('SELECT count(*) n FROM (SELECT rowid FROM text_sections WHERE text_sections MATCH ? AND rowid >= 0 ORDER BY rowid LIMIT 2048)', [match]);
const grouped = () => db.all(`SELECT b.no AS no, count(*) AS n, min(m.rowid) - b.base AS first FROM (SELECT rowid FROM text_sections WHERE text_sections MATCH ? AND rowid >= 0 ORDER BY rowid LIMIT 2048) m
  JOIN text_books b ON b.no = (SELECT no FROM text_books WHERE base <= m.rowid AND row_count > 0 ORDER BY base DESC LIMIT 1) GROUP BY b.no ORDER BY b.base`, [match]);
const arith = () => db.all(`SELECT rowid / 60 AS no, count(*) AS n, min(rowid) % 60 AS first FROM (SELECT rowid FROM text_sections WHERE text_sections MATCH ? AND rowid >= 0 ORDER BY rowid LIMIT 2048) GROUP BY 1 ORDER BY 1`, [match]);
const toJs = async () => {
  const rows = await db.all('SELECT rowid AS r FROM text_sections WHERE text_sections MATCH ? AND rowid >= 0 ORDER BY rowid LIMIT 2048', [match]);
  const lo = rows[0].r, hi = rows[rows.length - 1].r;
  const books = await db.all('SELECT no, base, row_count AS rowCount FROM text_books WHERE base <= ? AND base + row_count > ? AND row_count > 0 ORDER BY base', [hi, lo]);
  return books.length;
};
const t = { rowsOnly: [], grouped: [], arith: [], search: [], toJs: [] };
for (let i = 0; i < 30; i++) for (const [k, f] of [['rowsOnly', rowsOnly], ['grouped', grouped], ['arith', arith], ['search', () => searchText(db, 'the', 30, { counts: false })], ['toJs', toJs]]) { const a = performance.now(); await f(); t[k].push(performance.now() - a); }
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(Object.entries(t).map(([k, v]) => `${k} ${med(v).toFixed(2)} ms`).join(' | '), 'load', readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
