// Size per table/index (dbstat) of a generated library, as bench-fulltext builds it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
const ROOT = '/work/wt/fts6/';
const load = (p) => tsImport(join(ROOT, p), import.meta.url);
const BOOKS = Number(process.env.BOOKS ?? 200), SECTIONS = 60;
const { openWaSqlite } = await load('tests/unit/engines.ts');
const { ensureTextIndex } = await load('src/fulltext/textIndexSchema.ts');
const { openBookText } = await load('src/fulltext/bookText.ts');
const { addTextPart, finishTextBook, startTextBook } = await load('src/fulltext/textBooks.ts');
let pool = []; const seen = new Set();
const CACHE='/tmp/fts6/pool.json';
if (existsSync(CACHE)) pool = JSON.parse(readFileSync(CACHE,'utf8')); else for (const dir of [join(ROOT, 'tests/fixtures'), '/work/shared/corpus']) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    if (!/\.(pdf|epub)$/i.test(name)) continue;
    const bytes = readFileSync(join(dir, name)); const h = createHash('sha256').update(bytes).digest('hex');
    if (seen.has(h)) continue; seen.add(h);
    const text = await openBookText(new Blob([bytes]), name.endsWith('.pdf') ? 'pdf' : 'epub');
    for (let u = 0; u < text.units; u++) for (const s of await text.unit(u)) if (s.text.trim()) pool.push(s.text);
    await text.close();
  }
}
(await import('node:fs')).writeFileSync(CACHE, JSON.stringify(pool));
let seed = 1; const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const db = await openWaSqlite(); await ensureTextIndex(db);
let chars = 0; const t = performance.now();
for (let n = 0; n < BOOKS; n++) {
  const book = await startTextBook(db, `gen-${n}`, 'pdf'); const sections = [];
  for (let s = 1; s <= SECTIONS; s++) { let text = pool[Math.floor(rand() * pool.length)]; if (s === 1) text = `rarewordq${n} ` + text; sections.push({ section: s, text }); chars += text.length; }
  await addTextPart(db, book, sections, SECTIONS); await finishTextBook(db, book, SECTIONS);
}
const ms = performance.now() - t;
await db.run("INSERT INTO text_sections (text_sections) VALUES ('optimize')");
async function size() { const a = await db.get('PRAGMA page_count'); const f = await db.get('PRAGMA freelist_count'); return (a.page_count - f.freelist_count) * 4096; }
const total = await size();
console.log(`${BOOKS} books, text ${(chars/1e6).toFixed(1)} MB, write ${(chars/1e6/(ms/1000)).toFixed(2)} MB/s (mem), total ${(total/chars).toFixed(3)} × text`);
const q = async (label, sql) => { const r = await db.get(sql); console.log(`  ${label.padEnd(24)} rows ${String(r.n).padStart(8)} bytes ${(r.b/1e6).toFixed(2).padStart(7)} MB ${(r.b/chars).toFixed(3)} × text`); };
await q('fts data', 'SELECT count(*) n, sum(length(block)) b FROM text_sections_data');
await q('fts idx', 'SELECT count(*) n, sum(length(segid)+length(term)+8) b FROM text_sections_idx');
await q('fts docsize', 'SELECT count(*) n, sum(length(sz)+8) b FROM text_sections_docsize');
await q('text_terms', 'SELECT count(*) n, sum(length(term)) b FROM text_terms');
await q('kept counts', 'SELECT count(*) n, sum(length(counts)) b FROM text_book_rows');
await q('sections lists', 'SELECT count(*) n, sum(length(sections)) b FROM text_book_rows');
await db.run('UPDATE text_book_rows SET counts = NULL'); const s1 = await size(); console.log(`  kept counts pages: ${((total-s1)/chars).toFixed(3)} × text`);
await db.run('DELETE FROM text_terms'); const s2 = await size(); console.log(`  text_terms pages: ${((s1-s2)/chars).toFixed(3)} × text`);
console.log(`  rest (fts + books): ${(s2/chars).toFixed(3)} × text`);

