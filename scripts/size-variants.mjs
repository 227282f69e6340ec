import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
const ROOT = '/work/wt/fts6/';
const load = (p) => tsImport(join(ROOT, p), import.meta.url);
const { openWaSqlite } = await load('tests/unit/engines.ts');
const { fold } = await load('src/domain/search.ts');
const BOOKS = Number(process.env.BOOKS ?? 100), SECTIONS = 60;
const pool = JSON.parse(readFileSync('/tmp/fts6/pool.json', 'utf8')).map((t) => fold(t));
const variants = {
  cur: { ddl: "content='', contentless_delete=1", key: (n, s) => n * 2 ** 24 + s },
  k64: { ddl: "content='', contentless_delete=1", key: (n, s) => n * 64 + s },
  nodel: { ddl: "content=''", key: (n, s) => n * 2 ** 24 + s },
  nodelcs0: { ddl: "content='', columnsize=0", key: (n, s) => n * 2 ** 24 + s },
  k12: { ddl: "content='', contentless_delete=1", key: (n, s) => n * 2 ** 12 + s },
  k14: { ddl: "content='', contentless_delete=1", key: (n, s) => n * 2 ** 14 + s },
  k16: { ddl: "content='', contentless_delete=1", key: (n, s) => n * 2 ** 16 + s },
  dense: { ddl: "content='', contentless_delete=1", key: (n, s) => n * 60 + s },
  k64nodel: { ddl: "content=''", key: (n, s) => n * 64 + s },
};
for (const name of (process.env.V ?? Object.keys(variants).join(',')).split(',')) {
  const v = variants[name];
  const db = await openWaSqlite();
  await db.exec(`CREATE VIRTUAL TABLE t USING fts5(body, ${v.ddl}, tokenize='unicode61 remove_diacritics 0')`);
  let seed = 1; const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let chars = 0;
  for (let n = 1; n <= BOOKS; n++) {
    await db.transaction(async () => {
      for (let s = 1; s <= SECTIONS; s++) {
        let text = pool[Math.floor(rand() * pool.length)]; if (s === 1) text = `rarewordq${n} ` + text;
        chars += text.length;
        await db.run('INSERT INTO t (rowid, body) VALUES (?, ?)', [v.key(n, s), text]);
      }
    });
  }
  await db.run("INSERT INTO t (t) VALUES ('optimize')");
  const d = await db.get('SELECT sum(length(block)) b FROM t_data');
  const pc = await db.get('PRAGMA page_count'); const f = await db.get('PRAGMA freelist_count');
  console.log(`${name.padEnd(10)} data ${(d.b / chars).toFixed(4)} × text, file ${(((pc.page_count - f.freelist_count) * 4096) / chars).toFixed(4)} × text`);
  await db.close();
}
