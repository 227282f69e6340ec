import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScannedBook } from '../../src/db/api';
import { FolderWatch, reusable, type ChangeRecord } from '../../src/ingest/folderWatch';
import { runScan, type ScanIO } from '../../src/ingest/scanPipeline';
import { walkFolder, type ListedBook } from '../../src/ingest/walkFolder';
import { engines } from './engines';
import { makeTestApi } from './testApi';

/**
 * A picked folder in memory, with the part of the File System Access API a walk uses: entries()
 * on folders, getFile() on files (counted per path: the browser's round trip a quick scan saves).
 */
class MemFolder {
  readonly files = new Map<string, { content: string; mtime: number }>();
  readonly getFiles = new Map<string, number>();
  /** Called inside every getFile(): lets a test make a change while a walk runs. */
  onGetFile: (path: string) => void = () => {};

  put(path: string, content: string, mtime: number) {
    this.files.set(path, { content, mtime });
  }

  move(from: string, to: string) {
    this.files.set(to, this.files.get(from)!);
    this.files.delete(from);
  }

  handle(prefix = ''): FileSystemDirectoryHandle {
    const self = this;
    const dir = {
      kind: 'directory',
      name: prefix.split('/').filter(Boolean).pop() ?? '',
      async *entries() {
        const seen = new Set<string>();
        for (const path of [...self.files.keys()].filter((p) => p.startsWith(prefix))) {
          const [name, ...rest] = path.slice(prefix.length).split('/');
          if (seen.has(name!)) continue;
          seen.add(name!);
          yield [name, rest.length ? self.handle(`${prefix}${name}/`) : self.fileHandle(prefix + name!)];
        }
      },
      async getFileHandle(name: string) {
        if (!self.files.has(prefix + name)) throw new DOMException('no file', [...self.files.keys()].some((p) => p.startsWith(`${prefix}${name}/`)) ? 'TypeMismatchError' : 'NotFoundError');
        return self.fileHandle(prefix + name);
      },
      async getDirectoryHandle(name: string) {
        if (![...self.files.keys()].some((p) => p.startsWith(`${prefix}${name}/`))) throw new DOMException('no folder', 'NotFoundError');
        return self.handle(`${prefix}${name}/`);
      },
      async isSameEntry(other: unknown) {
        return other === dir;
      },
    };
    return dir as unknown as FileSystemDirectoryHandle;
  }

  fileHandle(path: string) {
    const self = this;
    const name = path.split('/').pop()!;
    return {
      kind: 'file',
      name,
      async getFile() {
        self.getFiles.set(path, (self.getFiles.get(path) ?? 0) + 1);
        self.onGetFile(path);
        const f = self.files.get(path);
        if (!f) throw new DOMException('gone', 'NotFoundError');
        return new File([f.content], name, { lastModified: f.mtime });
      },
    };
  }

  /** Paths whose getFile() was called since the last call of this. */
  statted(): string[] {
    const paths = [...this.getFiles.keys()].sort();
    this.getFiles.clear();
    return paths;
  }
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A scan of `listing` into a real database, reading content from the in-memory folder. */
async function scanner(engine = engines[0]!) {
  const t = await makeTestApi(engine);
  const token = await t.adminToken();
  const io: ScanIO<ListedBook> = {
    getScanIndex: (after, limit) => t.api.getScanIndex(token, after, limit),
    applyScanBatch: (w) => t.api.applyScanBatch(token, w),
    hash: async (f) => sha(await f.file.text()),
    async extract(f, hash): Promise<ScannedBook> {
      return { fileType: f.path.endsWith('.epub') ? 'epub' : 'pdf', title: (await f.file.text()).split('\n')[0]!, author: null, description: null, pageCount: 1, coverPath: `covers/${hash}.webp` };
    },
    removeCovers: async () => {},
  };
  return {
    scan: (listing: ListedBook[]) => runScan(listing, io, { kind: 'scan', removeMissing: true }),
    books: () => t.db.all<{ id: string; file_path: string; file_hash: string }>('SELECT id, file_path, file_hash FROM books ORDER BY file_path'),
  };
}

function shelf(): MemFolder {
  const f = new MemFolder();
  f.put('a.pdf', 'Alpha', 100);
  f.put('Shelf/b.epub', 'Beta', 100);
  f.put('Shelf/c.pdf', 'Gamma', 100);
  f.put('Shelf/d.pdf', 'Delta', 100);
  f.put('Other/e.pdf', 'Epsilon', 100);
  f.put('Other/notes.txt', 'not a book', 100);
  return f;
}

describe.each(engines)('quick scan (Scan now while the folder is watched) on a real database ($name)', (engine) => {
  it('finds a file added, removed and moved with no record, and one changed in place from its record, without stat-ing the rest', async () => {
    const folder = shelf();
    const db = await scanner(engine);
    const walked = await walkFolder(folder.handle());
    expect(folder.statted()).toEqual(['Other/e.pdf', 'Shelf/b.epub', 'Shelf/c.pdf', 'Shelf/d.pdf', 'a.pdf']);
    expect(await db.scan(walked)).toMatchObject({ outcome: 'done', added: 5 });
    const before = new Map((await db.books()).map((b) => [b.file_path, b]));

    folder.put('New/f.pdf', 'Phi', 200); // added
    folder.files.delete('Shelf/c.pdf'); // removed
    folder.move('Shelf/d.pdf', 'Other/d renamed.pdf'); // moved (same bytes and time)
    folder.put('Shelf/b.epub', 'Beta, 2nd', 200); // changed in place: the only one a record must name

    const counts = { statted: 0 };
    const listing = new Map(walked.map((b) => [b.path, b]));
    const quick = await walkFolder(folder.handle(), { reuse: reusable(listing, ['Shelf/b.epub']), counts });
    // New names and the path the record named; a.pdf and Other/e.pdf are not asked for.
    expect(folder.statted()).toEqual(['New/f.pdf', 'Other/d renamed.pdf', 'Shelf/b.epub']);
    expect(counts.statted).toBe(3);
    const r = await db.scan(quick);
    expect(r).toMatchObject({ outcome: 'done', listed: 5, added: 1, updated: 1, moved: 1, removed: 1, unchanged: 2 });
    const after = new Map((await db.books()).map((b) => [b.file_path, b]));
    expect([...after.keys()]).toEqual(['New/f.pdf', 'Other/d renamed.pdf', 'Other/e.pdf', 'Shelf/b.epub', 'a.pdf']);
    expect(after.get('Other/d renamed.pdf')!.id).toBe(before.get('Shelf/d.pdf')!.id);
    expect(after.get('Shelf/b.epub')!.id).toBe(before.get('Shelf/b.epub')!.id);
    expect(after.get('Shelf/b.epub')!.file_hash).toBe(sha('Beta, 2nd'));
  });

  it('a record that names a folder has every file under it stat-ed again', async () => {
    const folder = shelf();
    const walked = new Map((await walkFolder(folder.handle())).map((b) => [b.path, b]));
    folder.statted();
    folder.put('Shelf/c.pdf', 'Gamma, revised', 300);
    await walkFolder(folder.handle(), { reuse: reusable(walked, ['Shelf']) });
    expect(folder.statted()).toEqual(['Shelf/b.epub', 'Shelf/c.pdf', 'Shelf/d.pdf']);
  });
});

/** FileSystemObserver as Chromium's, driven by the test: records are delivered when it says. */
const observers: ((records: ChangeRecord[]) => void)[] = [];
class TestObserver {
  constructor(private readonly cb: (records: ChangeRecord[]) => void) {}
  async observe() {
    observers.push(this.cb);
  }
  disconnect() {
    observers.splice(observers.indexOf(this.cb), 1);
  }
}
const deliver = (...records: ChangeRecord[]) => observers.forEach((cb) => cb(records));
const modified = (path: string): ChangeRecord => ({ type: 'modified', relativePathComponents: path.split('/') });

describe('which scan a FolderWatch makes', () => {
  const g = globalThis as { FileSystemObserver?: unknown };
  afterEach(() => {
    delete g.FileSystemObserver;
    observers.length = 0;
  });

  it('quick only while watched without a break since a full walk; a record that comes during a quick scan is used by the next scan', async () => {
    g.FileSystemObserver = TestObserver;
    const folder = shelf();
    const watch = new FolderWatch(folder.handle());
    await expect(watch.list({ check: 'quick' })).resolves.toMatchObject({ from: 'walk', statted: 5 }); // first of the tab
    folder.statted();

    folder.put('Shelf/b.epub', 'Beta, 2nd', 200);
    deliver(modified('Shelf/b.epub'));
    // The record for a.pdf comes while the quick scan runs, after a.pdf was passed over.
    folder.put('a.pdf', 'Alpha, 2nd', 200);
    folder.onGetFile = () => {
      folder.onGetFile = () => {};
      deliver(modified('a.pdf'));
    };
    const quick = await watch.list({ check: 'quick' });
    expect(quick).toMatchObject({ from: 'quick', statted: 1 });
    expect(folder.statted()).toEqual(['Shelf/b.epub']);
    expect(quick.books.find((b) => b.path === 'a.pdf')!.size).toBe('Alpha'.length); // not seen yet
    const next = await watch.list({ check: 'changes' });
    expect(next).toMatchObject({ from: 'changes', statted: 1 });
    expect(next.books.find((b) => b.path === 'a.pdf')!.size).toBe('Alpha, 2nd'.length);

    await expect(watch.list({ check: 'every' })).resolves.toMatchObject({ from: 'walk', statted: 5 });
    deliver({ type: 'errored', relativePathComponents: [] });
    await expect(watch.list({ check: 'quick' })).resolves.toMatchObject({ from: 'walk' });
    await expect(watch.list({ check: 'quick', now: Date.now() + 11 * 60_000 })).resolves.toMatchObject({ from: 'walk' });
    watch.stop();
    await expect(watch.list({ check: 'quick' })).resolves.toMatchObject({ from: 'walk' });
  });

  it('without FileSystemObserver, Scan now is always a full walk', async () => {
    const watch = new FolderWatch(shelf().handle());
    await expect(watch.list({ check: 'quick' })).resolves.toMatchObject({ from: 'walk' });
    await expect(watch.list({ check: 'quick' })).resolves.toMatchObject({ from: 'walk' });
  });
});
