#!/usr/bin/env node
/**
 * Index size against row granularity (issue #16), straight into FTS5 as the text index makes it
 * (contentless_delete, folded text, dense rowids): the bench's generated books (the real books'
 * sections sampled with the same seed), each row G sections joined. Prints data blobs and pages
 * in use over text, after `optimize`. Sizes only; asserts nothing.
 *
 * With --chars, rows are made by size instead: sections joined while the row stays under that
 * many characters (a section longer than that is a row of its own), a private-use mark between
 * them as the app puts it.
 *
 *   node scripts/size-rows.mjs [--books 200] [--groups 1,2,4] [--chars 4000,8000]
 */
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { arg, realBooks, ROOT } from './lib/benchKit.mjs';

const BOOKS = Number(arg('--books', 200));
const SECTIONS = 60;
const load = (p) => tsImport(join(ROOT, p), import.meta.url);
const { openWaSqlite } = await load('tests/unit/engines.ts');
const { fold } = await load('src/domain/search.ts');
const { openBookText } = await load('src/fulltext/bookText.ts');

const pool = [];
for (const { name, bytes, type } of realBooks()) {
  const text = await openBookText(new Blob([bytes]), type);
  for (let u = 0; u < text.units; u++) for (const s of await text.unit(u)) if (s.text.trim()) pool.push(fold(s.text));
  await text.close();
}
const byChars = arg('--chars', '');
const variants = byChars ? byChars.split(',').map((c) => ({ chars: Number(c), g: Infinity })) : arg('--groups', '1,2,4').split(',').map((g) => ({ chars: Infinity, g: Number(g) }));
for (const { g, chars: limit } of variants) {
  const db = await openWaSqlite();
  await db.exec("CREATE VIRTUAL TABLE t USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')");
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let chars = 0;
  let row = 1;
  for (let n = 0; n < BOOKS; n++) {
    await db.transaction(async () => {
      let acc = [];
      for (let s = 1; s <= SECTIONS; s++) {
        let text = pool[Math.floor(rand() * pool.length)];
        if (s === 1) text = `rarewordq${n} ` + text;
        chars += text.length;
        const size = acc.reduce((a, t) => a + t.length, 0);
        if (acc.length && (acc.length === g || size + text.length > limit)) {
          await db.run('INSERT INTO t (rowid, body) VALUES (?, ?)', [row++, acc.join(limit < Infinity ? '\n\uE000\n' : '\n')]);
          acc = [];
        }
        acc.push(text);
        if (s === SECTIONS) await db.run('INSERT INTO t (rowid, body) VALUES (?, ?)', [row++, acc.join(limit < Infinity ? '\n\uE000\n' : '\n')]);
      }
    });
  }
  await db.run("INSERT INTO t (t) VALUES ('optimize')");
  const d = await db.get('SELECT sum(length(block)) AS b FROM t_data');
  const pc = await db.get('PRAGMA page_count');
  const f = await db.get('PRAGMA freelist_count');
  console.log(`${limit < Infinity ? `rows up to ${limit} chars (${row - 1} rows)` : `${g} section(s) a row`}: data ${(d.b / chars).toFixed(4)} × text, pages in use ${(((pc.page_count - f.freelist_count) * 4096) / chars).toFixed(4)} × text`);
  await db.close?.();
}
