import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PendingCover, ScannedBook } from '../../src/db/api';
import { getLibraryVersion } from '../../src/db/queries/settings';
import { runCoverPass, type CoverPassIO } from '../../src/ingest/coverPass';
import { runScan, type ScanIO } from '../../src/ingest/scanPipeline';
import { engines } from './engines';
import { makeTestApi, type TestApi } from './testApi';

/**
 * The deferred covers of issue 13 on a real database: a scan adds PDFs owing their cover, the
 * cover pass draws them afterwards. Folder content "NOPAGE…" cannot be drawn; files missing from
 * `folder` when the pass runs cannot be read.
 */
type Folder = Map<string, string>;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

interface Harness {
  t: TestApi;
  token: string;
  folder: Folder;
  drawn: string[];
  removed: string[];
  scan(): ReturnType<typeof runScan>;
  pass(over?: Partial<CoverPassIO>, signal?: AbortSignal): ReturnType<typeof runCoverPass>;
  rows(): Promise<{ file_path: string; file_type: string; cover_path: string | null; cover_pending: number }[]>;
  owed(): Promise<number>;
}

async function harness(engine = engines[0]!): Promise<Harness> {
  const t = await makeTestApi(engine);
  const token = await t.adminToken();
  const folder: Folder = new Map();
  const drawn: string[] = [];
  const removed: string[] = [];
  let clock = 1_000;
  return {
    t,
    token,
    folder,
    drawn,
    removed,
    scan() {
      const io: ScanIO<{ path: string; size: number; mtime: number }> = {
        getScanIndex: (after, limit) => t.api.getScanIndex(token, after, limit),
        applyScanBatch: (w) => t.api.applyScanBatch(token, w),
        hash: async (f) => sha(folder.get(f.path)!),
        // As the ingest worker does with pdfCoverLater: an EPUB's cover now, a PDF's owed.
        extract: async (f, hash): Promise<ScannedBook> =>
          f.path.endsWith('.epub')
            ? { fileType: 'epub', title: f.path, author: null, description: null, pageCount: null, coverPath: `covers/${hash}.jpg` }
            : { fileType: 'pdf', title: f.path, author: null, description: null, pageCount: 12, coverPath: null, coverPending: true },
        removeCovers: async (paths) => void removed.push(...paths),
      };
      const listing = [...folder].map(([path, content]) => ({ path, size: content.length, mtime: 100 + content.length }));
      return runScan(listing, io, { kind: 'scan', removeMissing: true, now: () => (clock += 5) });
    },
    pass(over = {}, signal) {
      const io: CoverPassIO = {
        getPendingCovers: (after, limit) => t.api.getPendingCovers(token, after, limit),
        saveDrawnCovers: (covers) => t.api.saveDrawnCovers(token, covers),
        open: async (b: PendingCover) => {
          const content = folder.get(b.path);
          if (content === undefined) throw new DOMException('gone', 'NotFoundError');
          return new Blob([content]);
        },
        draw: async (file, b) => {
          drawn.push(b.path);
          return (await file.text()).startsWith('NOPAGE') ? null : `covers/${b.hash}.webp`;
        },
        removeCovers: async (paths) => void removed.push(...paths),
        ...over,
      };
      return runCoverPass(io, { signal, pageSize: 2, batchSize: 2, concurrency: 2 });
    },
    rows: () => t.db.all('SELECT file_path, file_type, cover_path, cover_pending FROM books ORDER BY file_path'),
    async owed() {
      return (await t.api.getLocalSource(token)).coversPending;
    },
  };
}

describe.each(engines)('deferred PDF covers ($name)', (engine) => {
  it('a scan adds PDFs without drawing them; the cover pass then gives each its cover', async () => {
    const h = await harness(engine);
    for (const p of ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf']) h.folder.set(p, `content of ${p}`);
    h.folder.set('f.epub', 'an epub');
    const r = await h.scan();
    expect(r).toMatchObject({ outcome: 'done', added: 6 });
    const before = await h.rows();
    expect(before.filter((b) => b.file_type === 'pdf').every((b) => b.cover_path === null && b.cover_pending === 1)).toBe(true);
    expect(before.find((b) => b.file_path === 'f.epub')).toMatchObject({ cover_pending: 0, cover_path: `covers/${sha('an epub')}.jpg` });
    expect(await h.owed()).toBe(5);

    const version = await getLibraryVersion(h.t.db);
    const done = await h.pass();
    expect(done).toMatchObject({ outcome: 'done', drawn: 5, undrawable: 0, unreadable: 0 });
    expect(h.drawn.sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf']);
    for (const b of (await h.rows()).filter((x) => x.file_type === 'pdf')) {
      expect(b).toMatchObject({ cover_pending: 0, cover_path: `covers/${sha(h.folder.get(b.file_path)!)}.webp` });
    }
    expect(await h.owed()).toBe(0);
    // Other tabs' grids reload on library_version: the saved covers bumped it.
    expect(await getLibraryVersion(h.t.db)).toBeGreaterThan(version);
    // Nothing is owed any more: another pass reads nothing.
    h.drawn.length = 0;
    expect(await h.pass()).toMatchObject({ drawn: 0 });
    expect(h.drawn).toEqual([]);
  });

  it('a pass stopped halfway leaves the rest owed, and the next pass draws only that', async () => {
    const h = await harness(engine);
    for (const p of ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf']) h.folder.set(p, `content of ${p}`);
    await h.scan();
    const ac = new AbortController();
    let n = 0;
    const stopped = await h.pass(
      {
        draw: async (_file, b) => {
          h.drawn.push(b.path);
          // The tab closes while the third cover is drawn.
          if (++n === 3) ac.abort(new DOMException('closed', 'AbortError'));
          ac.signal.throwIfAborted();
          return `covers/${b.hash}.webp`;
        },
      },
      ac.signal,
    );
    expect(stopped.outcome).toBe('cancelled');
    const savedFirst = (await h.rows()).filter((b) => b.cover_path !== null).map((b) => b.file_path);
    expect(savedFirst.length).toBe(2);
    expect(await h.owed()).toBe(2);

    h.drawn.length = 0;
    expect(await h.pass()).toMatchObject({ outcome: 'done', drawn: 2 });
    expect(h.drawn.sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf'].filter((p) => !savedFirst.includes(p)));
    expect(await h.owed()).toBe(0);
  });

  it('a first page that cannot be drawn is tried once; a file that cannot be read stays owed', async () => {
    const h = await harness(engine);
    h.folder.set('blank.pdf', 'NOPAGE here');
    h.folder.set('gone.pdf', 'soon gone');
    h.folder.set('ok.pdf', 'fine');
    await h.scan();
    h.folder.delete('gone.pdf'); // removed after the scan: the next scan will drop its row
    expect(await h.pass()).toMatchObject({ outcome: 'done', drawn: 1, undrawable: 1, unreadable: 1 });
    const rows = await h.rows();
    expect(rows.find((b) => b.file_path === 'blank.pdf')).toMatchObject({ cover_path: null, cover_pending: 0 });
    expect(rows.find((b) => b.file_path === 'gone.pdf')).toMatchObject({ cover_path: null, cover_pending: 1 });
    h.drawn.length = 0;
    await h.pass();
    expect(h.drawn).toEqual([]); // blank.pdf is not drawn again; gone.pdf still cannot be read
    await h.scan();
    expect(await h.owed()).toBe(0);
  });

  it('a book changed while its cover was drawn keeps owing a cover of its new content; the stale file goes', async () => {
    const h = await harness(engine);
    h.folder.set('a.pdf', 'first edition');
    await h.scan();
    const oldHash = sha('first edition');
    const r = await h.pass({
      draw: async (_file, b) => {
        // A scan in another tab sees the new edition while this cover is being drawn.
        h.folder.set('a.pdf', 'second edition, longer');
        await h.scan();
        return `covers/${b.hash}.webp`;
      },
    });
    expect(r.outcome).toBe('done');
    expect(h.removed).toContain(`covers/${oldHash}.webp`);
    // The pass swept again and drew the new edition.
    expect((await h.rows())[0]).toMatchObject({ cover_path: `covers/${sha('second edition, longer')}.webp`, cover_pending: 0 });
  });

  it('the pass waits while a scan runs', async () => {
    const h = await harness(engine);
    h.folder.set('a.pdf', 'a');
    await h.scan();
    let endScan = () => {};
    let scanning: Promise<void> | null = new Promise<void>((resolve) => (endScan = resolve));
    const states: boolean[] = [];
    let waitingNow = () => {};
    const waited = new Promise<void>((resolve) => (waitingNow = resolve));
    const pass = h.pass({
      scanRunning: async () => scanning !== null,
      scanEnded: () => scanning ?? Promise.resolve(),
      onWaiting: (w) => {
        states.push(w);
        if (w) waitingNow();
      },
    });
    await waited;
    expect(h.drawn).toEqual([]);
    scanning = null;
    endScan();
    expect(await pass).toMatchObject({ drawn: 1 });
    expect(states).toEqual([true, false]);
  });

  it('a scan that starts while the pass draws makes it wait, with the covers drawn so far saved, then it goes on', async () => {
    const h = await harness(engine);
    for (const n of ['a', 'b', 'c']) h.folder.set(`${n}.pdf`, n);
    await h.scan();
    let endScan = () => {};
    let scanning: Promise<void> | null = null;
    let savedWhenWaiting = -1;
    let drawnWhenWaiting = -1;
    let draws = 0;
    const r = await h.pass(
      {
        scanRunning: () => scanning !== null,
        scanEnded: () => {
          // Waiting for the scan: what was drawn is saved, and the rest waits.
          if (drawnWhenWaiting < 0) drawnWhenWaiting = draws;
          void h.rows().then((rows) => (savedWhenWaiting = rows.filter((x) => x.cover_pending === 0).length));
          setTimeout(() => ((scanning = null), endScan()), 0);
          return scanning ?? Promise.resolve();
        },
        draw: async (_file, b) => {
          draws++;
          if (!scanning && draws === 1) scanning = new Promise<void>((resolve) => (endScan = resolve));
          return `covers/${b.hash}.webp`;
        },
      },
      undefined,
    );
    expect(r).toMatchObject({ drawn: 3, outcome: 'done' });
    // The lanes already drawing finish their book; the third waits for the scan.
    expect(drawnWhenWaiting).toBeLessThan(3);
    expect(savedWhenWaiting).toBe(drawnWhenWaiting);
    expect((await h.rows()).every((x) => x.cover_pending === 0)).toBe(true);
  });

  it('saving covers checks what it is given', async () => {
    const h = await harness(engine);
    await expect(h.t.api.saveDrawnCovers(h.token, [{ id: 'x', hash: sha('x'), coverPath: '../db.sqlite3' }])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(h.t.api.saveDrawnCovers('', [])).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(h.t.api.getPendingCovers('', null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
