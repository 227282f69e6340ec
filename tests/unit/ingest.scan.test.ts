import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ScanWrite, ScannedBook } from '../../src/db/api';
import { insertBook } from '../../src/db/queries/books';
import { addBookToCollection, insertCollection } from '../../src/db/queries/collections';
import { getProgress, upsertProgress } from '../../src/db/queries/progress';
import { getLibraryVersion } from '../../src/db/queries/settings';
import { insertUser } from '../../src/db/queries/users';
import { hashPassword } from '../../src/domain/passwords';
import { DEFAULT_ADMIN } from '../../src/domain/types';
import { planScan } from '../../src/ingest/planScan';
import { loadScanIndex, runScan, type ScanIO } from '../../src/ingest/scanPipeline';
import { engines } from './engines';
import { makeTestApi, type TestApi } from './testApi';

/**
 * A folder in memory: path → content and time. Content "BAD…" fails extraction like a broken
 * file; anything else yields a book titled after its first line.
 */
interface Entry {
  content: string;
  mtime: number;
}
type Folder = Map<string, Entry>;
interface Listed {
  path: string;
  size: number;
  mtime: number;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function listing(folder: Folder): Listed[] {
  return [...folder].map(([path, e]) => ({ path, size: Buffer.byteLength(e.content), mtime: e.mtime }));
}

interface Harness {
  t: TestApi;
  token: string;
  folder: Folder;
  calls: { hash: string[]; extract: string[]; batches: ScanWrite[][] };
  removedCovers: string[];
  scan(opts?: Partial<Parameters<typeof runScan>[2]> & { io?: Partial<ScanIO<Listed>> }): ReturnType<typeof runScan<Listed>>;
  books(): Promise<{ id: string; file_path: string; title: string; file_hash: string; cover_path: string | null }[]>;
  idOf(path: string): Promise<string>;
}

async function harness(engine = engines[0]!): Promise<Harness> {
  const t = await makeTestApi(engine);
  const token = await t.adminToken();
  const folder: Folder = new Map();
  const calls = { hash: [] as string[], extract: [] as string[], batches: [] as ScanWrite[][] };
  const removedCovers: string[] = [];
  let clock = 1_000;
  const h: Harness = {
    t,
    token,
    folder,
    calls,
    removedCovers,
    async scan(opts = {}) {
      const { io: over, ...rest } = opts;
      const io: ScanIO<Listed> = {
        getScanIndex: (after, limit) => t.api.getScanIndex(token, after, limit),
        applyScanBatch: (w) => {
          calls.batches.push(w);
          return t.api.applyScanBatch(token, w);
        },
        async hash(f) {
          calls.hash.push(f.path);
          const e = folder.get(f.path);
          if (!e) throw new Error('file could not be read (moved or changed while scanning?)');
          return sha(e.content);
        },
        async extract(f, hash): Promise<ScannedBook> {
          calls.extract.push(f.path);
          const e = folder.get(f.path)!;
          if (e.content.startsWith('BAD')) throw new Error('not a PDF');
          const [title, author] = e.content.split('\n');
          return { fileType: f.path.endsWith('.epub') ? 'epub' : 'pdf', title: title!, author: author ?? null, description: null, pageCount: 3, coverPath: `covers/${hash}.webp` };
        },
        async removeCovers(paths) {
          removedCovers.push(...paths);
        },
        ...over,
      };
      return runScan(listing(folder), io, { kind: 'scan', removeMissing: true, now: () => (clock += 5), ...rest });
    },
    books: () => t.db.all('SELECT id, file_path, title, file_hash, cover_path FROM books ORDER BY file_path'),
    async idOf(path) {
      const r = await t.db.get<{ id: string }>('SELECT id FROM books WHERE file_path = ?', [path]);
      if (!r) throw new Error(`no book at ${path}`);
      return r.id;
    },
  };
  return h;
}

function put(folder: Folder, path: string, content: string, mtime = 100) {
  folder.set(path, { content, mtime });
}

function reset(h: Harness) {
  h.calls.hash.length = 0;
  h.calls.extract.length = 0;
  h.calls.batches.length = 0;
  h.removedCovers.length = 0;
}

describe.each(engines)('scan diff on a real database ($name)', (engine) => {
  it('adds new books and reports bad files; an unchanged folder is not read again', async () => {
    const h = await harness(engine);
    put(h.folder, 'a.pdf', 'Alpha\nAnn Author');
    put(h.folder, 'b.epub', 'Beta');
    put(h.folder, 'sub/c.pdf', 'Gamma\nGus');
    put(h.folder, 'bad.pdf', 'BAD bytes');
    const r = await h.scan();
    expect(r).toMatchObject({ outcome: 'done', listed: 4, added: 3, failureCount: 1, unchanged: 0 });
    expect(r.failures).toEqual([{ path: 'bad.pdf', reason: 'not a PDF', size: 9, mtime: 100 }]);
    const books = await h.books();
    expect(books.map((b) => [b.file_path, b.title])).toEqual([
      ['a.pdf', 'Alpha'],
      ['b.epub', 'Beta'],
      ['sub/c.pdf', 'Gamma'],
    ]);
    expect(books[0]!.cover_path).toBe(`covers/${sha('Alpha\nAnn Author')}.webp`);
    const row = await h.t.db.get<{ author: string; file_mtime: number; file_size: number }>("SELECT * FROM books WHERE file_path = 'a.pdf'");
    expect(row).toMatchObject({ author: 'Ann Author', file_mtime: 100, file_size: 16 });

    // Nothing changed: no file is read, nothing is written, the bad file is reported again.
    reset(h);
    const version = await getLibraryVersion(h.t.db);
    const r2 = await h.scan({ priorFailures: r.failures });
    expect(r2).toMatchObject({ outcome: 'done', unchanged: 3, added: 0, updated: 0, moved: 0, removed: 0, failureCount: 1 });
    expect(h.calls.hash).toEqual([]);
    expect(h.calls.extract).toEqual([]);
    expect(h.calls.batches).toEqual([]);
    expect(await getLibraryVersion(h.t.db)).toBe(version);
  });

  it('changed content at the same path updates the row in place and replaces its cover', async () => {
    const h = await harness(engine);
    put(h.folder, 'a.pdf', 'Alpha');
    await h.scan();
    const id = await h.idOf('a.pdf');
    await upsertProgress(h.t.db, DEFAULT_ADMIN.id, id, { currentPage: 2, totalPages: 3, epubLocation: null, percentComplete: 50, status: 'reading', lastReadAt: 5 });
    reset(h);
    put(h.folder, 'a.pdf', 'Alpha, second edition', 200);
    const r = await h.scan();
    expect(r).toMatchObject({ updated: 1, added: 0, removed: 0 });
    const [book] = await h.books();
    expect(book).toMatchObject({ id, title: 'Alpha, second edition', file_hash: sha('Alpha, second edition') });
    expect(h.removedCovers).toEqual([`covers/${sha('Alpha')}.webp`]);
    expect((await getProgress(h.t.db, DEFAULT_ADMIN.id, id))?.percentComplete).toBe(50);
  });

  it('a new time stamp on the same content is recorded without re-reading metadata', async () => {
    const h = await harness(engine);
    put(h.folder, 'a.pdf', 'Alpha');
    await h.scan();
    reset(h);
    put(h.folder, 'a.pdf', 'Alpha', 300);
    const r = await h.scan();
    expect(r).toMatchObject({ unchanged: 1, updated: 0, added: 0 });
    expect(h.calls.hash).toEqual(['a.pdf']);
    expect(h.calls.extract).toEqual([]);
    reset(h);
    await h.scan();
    expect(h.calls.hash).toEqual([]);
  });

  it('a renamed or moved file keeps its id, progress and collections', async () => {
    const h = await harness(engine);
    put(h.folder, 'b.epub', 'Beta');
    put(h.folder, 'other.pdf', 'Other');
    await h.scan();
    const id = await h.idOf('b.epub');
    await upsertProgress(h.t.db, DEFAULT_ADMIN.id, id, { currentPage: null, totalPages: null, epubLocation: 'epubcfi(/6/4)', percentComplete: 30, status: 'reading', lastReadAt: 5 });
    const c = await insertCollection(h.t.db, DEFAULT_ADMIN.id, 'Favourites');
    await addBookToCollection(h.t.db, c.id, id);
    reset(h);
    h.folder.delete('b.epub');
    put(h.folder, 'Moved/Beta renamed.epub', 'Beta', 400);
    const r = await h.scan();
    expect(r).toMatchObject({ moved: 1, added: 0, removed: 0, unchanged: 1 });
    expect(h.calls.extract).toEqual([]);
    expect(await h.idOf('Moved/Beta renamed.epub')).toBe(id);
    expect((await getProgress(h.t.db, DEFAULT_ADMIN.id, id))?.epubLocation).toBe('epubcfi(/6/4)');
    expect(await h.t.db.get('SELECT * FROM collection_books WHERE book_id = ?', [id])).toBeTruthy();
  });

  it('a catalogue index loaded during the walk (Scan now) gives the same plan: a move, a change and a removal', async () => {
    const h = await harness(engine);
    put(h.folder, 'a.pdf', 'Alpha');
    put(h.folder, 'b.epub', 'Beta');
    put(h.folder, 'c.pdf', 'Gamma');
    await h.scan();
    const ids = { a: await h.idOf('a.pdf'), b: await h.idOf('b.epub') };
    // Loaded as the scan worker does, before the folder is walked; the scan must not load it again.
    const index = loadScanIndex({ getScanIndex: (after, limit) => h.t.api.getScanIndex(h.token, after, limit) }, 2);
    h.folder.delete('b.epub');
    put(h.folder, 'Moved/b.epub', 'Beta', 300);
    put(h.folder, 'a.pdf', 'Alpha, revised', 300);
    h.folder.delete('c.pdf');
    reset(h);
    const r = await h.scan({
      index,
      io: {
        getScanIndex: () => {
          throw new Error('the index was given');
        },
      },
    });
    expect(r).toMatchObject({ outcome: 'done', moved: 1, updated: 1, removed: 1, added: 0 });
    expect(await h.idOf('Moved/b.epub')).toBe(ids.b);
    expect(await h.idOf('a.pdf')).toBe(ids.a);
    expect((await h.books()).map((b) => b.file_path)).toEqual(['Moved/b.epub', 'a.pdf']);
  });

  it('the same content at a second path is a duplicate: reported, not added', async () => {
    const h = await harness(engine);
    put(h.folder, 'a.pdf', 'Alpha');
    await h.scan();
    put(h.folder, 'copies/a copy.pdf', 'Alpha', 500);
    put(h.folder, 'n1.pdf', 'New');
    put(h.folder, 'n2.pdf', 'New');
    const r = await h.scan();
    expect(r).toMatchObject({ added: 1, duplicateCount: 2 });
    expect(r.duplicates).toContainEqual({ path: 'copies/a copy.pdf', existingPath: 'a.pdf' });
    expect(r.duplicates.filter((d) => d.path.startsWith('n'))).toHaveLength(1);
    expect((await h.books()).map((b) => b.file_path)).toHaveLength(2);
  });

  it('a deleted file removes its book (progress and links cascade) and its cover', async () => {
    const h = await harness(engine);
    put(h.folder, 'a.pdf', 'Alpha');
    put(h.folder, 'sub/c.pdf', 'Gamma');
    await h.scan();
    const id = await h.idOf('sub/c.pdf');
    await upsertProgress(h.t.db, DEFAULT_ADMIN.id, id, { currentPage: 1, totalPages: 3, epubLocation: null, percentComplete: 10, status: 'reading', lastReadAt: 5 });
    reset(h);
    h.folder.delete('sub/c.pdf');
    const r = await h.scan();
    expect(r).toMatchObject({ removed: 1, unchanged: 1 });
    expect((await h.books()).map((b) => b.file_path)).toEqual(['a.pdf']);
    expect(await getProgress(h.t.db, DEFAULT_ADMIN.id, id)).toBeUndefined();
    expect(h.removedCovers).toEqual([`covers/${sha('Gamma')}.webp`]);
    expect(changesTouchedBooks(h)).toBe(true);
  });

  it('two files swapped by name: each book follows its content', async () => {
    const h = await harness(engine);
    put(h.folder, 'x.pdf', 'Ex');
    put(h.folder, 'y.pdf', 'Why');
    await h.scan();
    const [x, y] = [await h.idOf('x.pdf'), await h.idOf('y.pdf')];
    put(h.folder, 'x.pdf', 'Why', 600);
    put(h.folder, 'y.pdf', 'Ex', 600);
    const r = await h.scan({ batchSize: 1 });
    expect(r).toMatchObject({ moved: 2, added: 0, removed: 0, updated: 0 });
    expect(await h.idOf('x.pdf')).toBe(y);
    expect(await h.idOf('y.pdf')).toBe(x);
  });

  it('a file moved over another: its book takes the path, the overwritten book goes', async () => {
    const h = await harness(engine);
    put(h.folder, 'a.pdf', 'Alpha');
    put(h.folder, 'b.pdf', 'Bravo');
    await h.scan();
    const a = await h.idOf('a.pdf');
    h.folder.delete('a.pdf');
    put(h.folder, 'b.pdf', 'Alpha', 700);
    const r = await h.scan();
    expect(r).toMatchObject({ moved: 1, removed: 1, added: 0 });
    expect((await h.books()).map((b) => [b.id, b.file_path])).toEqual([[a, 'b.pdf']]);
  });

  it('an import only adds: books missing from a re-import stay', async () => {
    const h = await harness(engine);
    put(h.folder, 'Books/a.pdf', 'Alpha');
    put(h.folder, 'Books/b.pdf', 'Bravo');
    await h.scan({ kind: 'import', removeMissing: false });
    h.folder.delete('Books/a.pdf');
    put(h.folder, 'Books/c.pdf', 'Charlie');
    reset(h);
    const r = await h.scan({ kind: 'import', removeMissing: false });
    expect(r).toMatchObject({ added: 1, removed: 0, unchanged: 1 });
    expect(h.calls.hash).toEqual(['Books/c.pdf']);
    expect((await h.books()).map((b) => b.file_path)).toEqual(['Books/a.pdf', 'Books/b.pdf', 'Books/c.pdf']);
  });

  it('writes in batches of the given size, each bumping library_version once', async () => {
    const h = await harness(engine);
    for (let i = 0; i < 5; i++) put(h.folder, `n${i}.pdf`, `Book ${i}`);
    const before = await getLibraryVersion(h.t.db);
    const r = await h.scan({ batchSize: 2 });
    expect(r.added).toBe(5);
    expect(h.calls.batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(await getLibraryVersion(h.t.db)).toBe(before + 3);
    expect(h.t.changes.filter((c) => c.includes('books'))).toHaveLength(3);
  });

  it('cancelling keeps what was read, and the next scan completes without duplicates', async () => {
    const h = await harness(engine);
    for (let i = 0; i < 8; i++) put(h.folder, `n${i}.pdf`, `Book ${i}`);
    const ac = new AbortController();
    let extracted = 0;
    const r = await h.scan({
      signal: ac.signal,
      concurrency: 1,
      io: {
        async extract(f, hash) {
          if (++extracted === 3) ac.abort();
          return { fileType: 'pdf', title: f.path, author: null, description: null, pageCount: 1, coverPath: `covers/${hash}.webp` };
        },
      },
    });
    expect(r.outcome).toBe('cancelled');
    const n = (await h.books()).length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThan(8);
    const r2 = await h.scan();
    expect(r2).toMatchObject({ outcome: 'done', added: 8 - n, unchanged: n, duplicateCount: 0 });
    expect((await h.books()).length).toBe(8);
  });

  it('a scan killed between batches leaves a sound database that the next scan completes', async () => {
    const h = await harness(engine);
    for (let i = 0; i < 6; i++) put(h.folder, `n${i}.pdf`, `Book ${i}`);
    let calls = 0;
    let killed!: () => void;
    const gone = new Promise<void>((res) => (killed = res));
    // The tab dies during its second batch call: that call never returns, and the scan never ends.
    void h.scan({
      batchSize: 2,
      concurrency: 1,
      io: {
        applyScanBatch: (w) => {
          if (++calls > 1) {
            killed();
            return new Promise(() => {});
          }
          return h.t.api.applyScanBatch(h.token, w);
        },
      },
    });
    await gone;
    expect((await h.books()).length).toBe(2);
    expect(await h.t.db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    const r2 = await h.scan();
    expect(r2).toMatchObject({ outcome: 'done', added: 4, unchanged: 2, duplicateCount: 0 });
  });

  it('a file that cannot be read is a failure, and a known book at its path is kept', async () => {
    const h = await harness(engine);
    put(h.folder, 'a.pdf', 'Alpha');
    await h.scan();
    const id = await h.idOf('a.pdf');
    put(h.folder, 'a.pdf', 'Alpha 2', 900);
    const r = await h.scan({ io: { hash: async () => Promise.reject(new Error('file could not be read')) } });
    expect(r).toMatchObject({ outcome: 'done', failureCount: 1, removed: 0, updated: 0 });
    expect(await h.idOf('a.pdf')).toBe(id);
  });
});

function changesTouchedBooks(h: Harness): boolean {
  return h.t.changes.some((c) => c.includes('books'));
}

describe('planScan: what must be read', () => {
  const known = [
    { id: '1', path: 'a.pdf', size: 10, mtime: 1, hash: 'h1', coverPath: null },
    { id: '2', path: 'gone.pdf', size: 20, mtime: 1, hash: 'h2', coverPath: null },
  ];
  it('new files the size of a missing book are hashed first (possible moves); others stream', () => {
    const plan = planScan(
      [
        { path: 'a.pdf', size: 10, mtime: 1 },
        { path: 'renamed.pdf', size: 20, mtime: 5 },
        { path: 'new.pdf', size: 30, mtime: 5 },
      ],
      known,
      { removeMissing: true },
    );
    expect(plan).toMatchObject({ listed: 3, unchanged: 1 });
    expect(plan.first.map((f) => f.path)).toEqual(['renamed.pdf']);
    expect(plan.fresh.map((f) => f.path)).toEqual(['new.pdf']);
    expect(plan.missing.map((b) => b.id)).toEqual(['2']);
  });
  it('an import never finds books missing', () => {
    const plan = planScan([{ path: 'new.pdf', size: 20, mtime: 5 }], known, { removeMissing: false });
    expect(plan.missing).toEqual([]);
    expect(plan.fresh.map((f) => f.path)).toEqual(['new.pdf']);
  });
});

describe('IngestApi: who may call what', () => {
  const insert = (over: Partial<Extract<ScanWrite, { kind: 'insert' }>> = {}): ScanWrite => ({
    kind: 'insert',
    path: 'a.pdf',
    size: 10,
    mtime: 1,
    hash: sha('a'),
    book: { fileType: 'pdf', title: 'A', author: null, description: null, pageCount: 1, coverPath: null },
    ...over,
  });

  it('refuses calls without a session', async () => {
    const t = await makeTestApi();
    await expect(t.api.getScanIndex('', null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(t.api.applyScanBatch('nope', [insert()])).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(t.api.getLocalSource('nope')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('a reader keeps the library in sync, but only an admin chooses the source and interval', async () => {
    const t = await makeTestApi();
    const admin = await t.adminToken();
    await insertUser(t.db, { email: 'reader@example.org', displayName: 'Reader', role: 'user', passwordHash: await hashPassword('reader-pass', 4) });
    const { token: reader } = await t.api.signIn('reader@example.org', 'reader-pass', false);
    expect(await t.api.applyScanBatch(reader, [insert()])).toMatchObject([{ status: 'ok' }]);
    expect((await t.api.getScanIndex(reader, null)).entries).toHaveLength(1);
    await expect(t.api.setLocalSource(reader, { mode: 'folder', folderName: 'Books' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.api.setScanInterval(reader, 30)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await t.api.setLocalSource(admin, { mode: 'folder', folderName: 'Books' });
    await t.api.setScanInterval(admin, 120);
    expect(await t.api.getLocalSource(reader)).toMatchObject({ mode: 'folder', folderName: 'Books', scanIntervalSeconds: 120, bookCount: 1 });
    await expect(t.api.setScanInterval(admin, 1)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await t.api.setLocalSource(admin, null);
    expect(await t.api.getLocalSource(admin)).toMatchObject({ mode: null, folderName: null });
  });

  it('validates writes: bad input fails the batch, rule breaks are per-write results', async () => {
    const t = await makeTestApi();
    const admin = await t.adminToken();
    await expect(t.api.applyScanBatch(admin, [insert({ hash: 'not-a-hash' })])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(t.api.applyScanBatch(admin, [insert({ path: '../escape.pdf' })])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(t.api.applyScanBatch(admin, Array.from({ length: 501 }, () => insert()))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await insertBook(t.db, { title: 'S3 book', fileType: 'pdf', filePath: 'taken.pdf', fileSize: 1, fileHash: sha('s3'), source: 's3', s3Bucket: 'b' });
    const results = await t.api.applyScanBatch(admin, [
      insert({ book: { fileType: 'pdf', title: '  <b>Bold</b>\u0007 ', author: ' ', description: null, pageCount: 2, coverPath: null } }),
      insert({ path: 'copy.pdf' }),
      insert({ path: 'taken.pdf', hash: sha('other') }),
    ]);
    expect(results).toEqual([{ status: 'ok', id: expect.any(String) }, { status: 'duplicate', existingPath: 'a.pdf' }, { status: 'failed', reason: 'a book from the S3 bucket already has this path' }]);
    expect(await t.db.get("SELECT title, author FROM books WHERE file_path = 'a.pdf'")).toEqual({ title: '<b>Bold</b>', author: null });
    // Indexed for search in the same batch: nothing left in the queue.
    expect(await t.db.get('SELECT COUNT(*) AS n FROM book_index_queue')).toEqual({ n: 0 });
    expect(await t.db.get("SELECT COUNT(*) AS n FROM book_terms WHERE term = 'bold'")).toEqual({ n: 1 });
    // The S3 book is out of the scan's reach.
    expect((await t.api.getScanIndex(admin, null)).entries.map((e) => e.path)).toEqual(['a.pdf']);
  });

  it('a write that fails in a way no check foresaw fails alone; the rest of the batch is saved', async () => {
    const t = await makeTestApi();
    const admin = await t.adminToken();
    await t.db.exec("CREATE TRIGGER boom BEFORE INSERT ON books WHEN NEW.title = 'Boom' BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END");
    const book = (title: string) => ({ fileType: 'pdf' as const, title, author: null, description: null, pageCount: 1, coverPath: null });
    const results = await t.api.applyScanBatch(admin, [
      insert({ path: 'a.pdf', hash: sha('a'), book: book('A') }),
      insert({ path: 'b.pdf', hash: sha('b'), book: book('Boom') }),
      insert({ path: 'c.pdf', hash: sha('c'), book: book('C') }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
    expect(results[1]).toMatchObject({ reason: expect.stringContaining('refused by a trigger') });
    expect((await t.api.getScanIndex(admin, null)).entries.map((e) => e.path)).toEqual(['a.pdf', 'c.pdf']);
  });

  it('pages the scan index by path', async () => {
    const t = await makeTestApi();
    const admin = await t.adminToken();
    await t.api.applyScanBatch(admin, Array.from({ length: 5 }, (_, i) => insert({ path: `b${i}.pdf`, hash: sha(`b${i}`) })));
    const p1 = await t.api.getScanIndex(admin, null, 2);
    const p2 = await t.api.getScanIndex(admin, p1.next, 2);
    const p3 = await t.api.getScanIndex(admin, p2.next, 2);
    expect([...p1.entries, ...p2.entries, ...p3.entries].map((e) => e.path)).toEqual(['b0.pdf', 'b1.pdf', 'b2.pdf', 'b3.pdf', 'b4.pdf']);
    expect(p3.next).toBeNull();
  });

  it('keeps a bounded scan report', async () => {
    const t = await makeTestApi();
    const admin = await t.adminToken();
    const failures = Array.from({ length: 1200 }, (_, i) => ({ path: `f${i}.pdf`, reason: 'not a PDF', size: 1, mtime: 1 }));
    await t.api.saveScanReport(admin, {
      kind: 'scan', outcome: 'done', startedAt: 1, durationMs: 5, listed: 1200, unchanged: 0, added: 0, updated: 0, moved: 0, removed: 0,
      failures, failureCount: 1200, duplicates: [], duplicateCount: 0,
    });
    const s = await t.api.getLocalSource(admin);
    expect(s.lastScan?.failures).toHaveLength(1000);
    expect(s.lastScan?.failureCount).toBe(1200);
  });
});
