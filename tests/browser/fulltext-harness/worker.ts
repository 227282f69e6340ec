/// <reference lib="webworker" />
// The full-text index as the app's full-text worker writes it (src/fulltext, wa-sqlite on an
// OPFS file, same VFS and pragmas), timed: the real fixture books read and indexed, then a
// generated library of their sections written part by part (one transaction per book, as
// indexBookText commits).
import { OPFSCoopSyncVFS } from '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js';
import { openOpfsDb } from '../../../src/db/open';
import { openBookText } from '../../../src/fulltext/bookText';
import { indexBookText } from '../../../src/fulltext/indexBookText';
import { addTextPart, finishTextBook, startTextBook } from '../../../src/fulltext/textBooks';
import { ensureTextIndex } from '../../../src/fulltext/textIndexSchema';

export interface BenchOptions {
  books: number;
  sections: number;
  /** Skips indexing the real books (their text still makes the generated library). */
  writesOnly?: boolean;
  /** Statements run before the index is made (pragmas to compare: page_size, journal_mode…). */
  setup?: string;
  /** Statements run once the index is made (FTS5 options: automerge, pgsz…). */
  tune?: string;
  /** Books written per transaction (the indexer commits one part of one book per transaction). */
  perTx?: number;
  /** An in-memory database in the same worker: what wa-sqlite costs without the OPFS file. */
  memory?: boolean;
  /** Times every call SQLite makes into the VFS (calls and milliseconds per method). */
  profile?: boolean;
}

export interface BenchResult {
  real: { name: string; chars: number; ms: number; state: string }[];
  generated: { books: number; chars: number; ms: number; fileBytes: number };
  /** Per VFS method: calls and total milliseconds, over the generated library's writes. */
  vfs?: Record<string, { calls: number; ms: number; bytes: number }>;
}

const VFS_METHODS = ['jRead', 'jWrite', 'jSync', 'jTruncate', 'jFileSize', 'jLock', 'jUnlock', 'jAccess', 'jOpen', 'jClose', 'jDelete'];
let vfsTimes: Record<string, { calls: number; ms: number; bytes: number }> | null = null;

/** Wraps the VFS class's methods once: each call's time is added while vfsTimes is set. */
function profileVfs() {
  const proto = OPFSCoopSyncVFS.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of VFS_METHODS) {
    const inner = proto[m]!;
    proto[m] = function (this: unknown, ...a: unknown[]) {
      if (!vfsTimes) return inner.apply(this, a);
      const t = performance.now();
      const r = inner.apply(this, a);
      const e = (vfsTimes[m] ??= { calls: 0, ms: 0, bytes: 0 });
      e.calls++;
      e.ms += performance.now() - t;
      if ((m === 'jRead' || m === 'jWrite') && a[1] instanceof Uint8Array) e.bytes += a[1].byteLength;
      return r;
    };
  }
}
let profiled = false;

const REAL = ['R-intro.pdf', 'amsldoc.pdf', 'live-manual.en.epub', 'developers-reference.epub', 'pandoc-chapters.epub'];
const FILE = 'bench-fulltext.db';

async function removeDb() {
  const root = await navigator.storage.getDirectory();
  for (const name of [FILE, `${FILE}-journal`]) await root.removeEntry(name).catch(() => {}); // absent the first time
}

async function fileSize(): Promise<number> {
  const root = await navigator.storage.getDirectory();
  return (await (await root.getFileHandle(FILE)).getFile()).size;
}

async function run({ books, sections, writesOnly, setup, tune, perTx = 1, memory, profile }: BenchOptions): Promise<BenchResult> {
  if (profile && !profiled) {
    profileVfs();
    profiled = true;
  }
  await removeDb();
  const { db } = await openOpfsDb(memory ? ':memory:' : FILE);
  await db.exec('PRAGMA cache_size = -8192');
  if (setup) await db.exec(setup);
  await ensureTextIndex(db);
  if (tune) await db.exec(tune);
  const real: BenchResult['real'] = [];
  const pool: string[] = [];
  for (const name of REAL) {
    const type = name.endsWith('.pdf') ? 'pdf' : 'epub';
    const blob = await (await fetch(`/${name}`)).blob();
    if (!writesOnly) {
      const t0 = performance.now();
      const state = await indexBookText(db, blob, name, type);
      const ms = performance.now() - t0;
      const row = await db.get<{ chars: number }>('SELECT chars FROM text_books WHERE sha256 = ?', [name]);
      real.push({ name, chars: row?.chars ?? 0, ms, state });
    }
    const text = await openBookText(blob, type);
    for (let u = 0; u < text.units; u++) for (const s of await text.unit(u)) if (s.text.trim()) pool.push(s.text);
    await text.close();
  }
  let seed = 1;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let chars = 0;
  if (profile) vfsTimes = {};
  const t1 = performance.now();
  for (let n = 0; n < books; n += perTx) {
    await db.transaction(async () => {
      for (let m = n; m < Math.min(books, n + perTx); m++) {
        const book = await startTextBook(db, `gen-${m}`, 'pdf');
        const part = [];
        for (let s = 1; s <= sections; s++) {
          const text = (s === 1 ? `rarewordq${m} ` : '') + pool[Math.floor(rand() * pool.length)]!;
          part.push({ section: s, text });
          chars += text.length;
        }
        await addTextPart(db, book, part, sections);
        await finishTextBook(db, book, sections);
      }
    });
  }
  const ms = performance.now() - t1;
  const vfs = vfsTimes ?? undefined;
  vfsTimes = null;
  const pages = await db.get<{ n: number }>('SELECT (SELECT page_count FROM pragma_page_count) * (SELECT page_size FROM pragma_page_size) AS n');
  await db.close();
  const fileBytes = memory ? pages!.n : await fileSize();
  await removeDb();
  return { real, generated: { books, chars, ms, fileBytes }, vfs };
}

self.onmessage = async (e: MessageEvent<BenchOptions>) => {
  try {
    self.postMessage({ ok: true, result: await run(e.data) });
  } catch (err) {
    self.postMessage({ ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
};
