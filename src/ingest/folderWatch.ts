/**
 * Rescans without a full walk. A full walk stats every book file (one getFile() round trip
 * each: about 2.6 s for 10,000 files on an idle machine). Where the browser has
 * FileSystemObserver, the coordinator keeps the last listing and the paths the observer says
 * changed since; the next scan looks only at those paths and reuses the rest.
 *
 * Never misses a change, by construction: the observer starts before the full walk it is paired
 * with, so a change during the walk is looked at again next time; a record the browser could
 * not describe ("unknown", "errored", the folder itself) makes the next scan a full walk, and so
 * do the first scan of a worker, a failed or cancelled listing, and a listing older than
 * FULL_WALK_EVERY_MS (a safety net should a record ever not come). Records come a little after
 * the change: a change made just before an automatic scan may be seen by the next one (the
 * page's own observer asks for it, and asks again once a running scan ends). "Scan now" lists
 * every folder, so an added, removed or moved file is there when asked; a file changed in place
 * is found from its record, which may come a moment after the click: then by the automatic scan
 * it starts. "Check every file" stats every file.
 */
import { isBookName, isHidden, walkFolder, type ListedBook } from './walkFolder';

export const FULL_WALK_EVERY_MS = 10 * 60_000;

/** What the walk needs of a record (FileSystemChangeRecord, Chromium 129+). */
export interface ChangeRecord {
  type: 'appeared' | 'disappeared' | 'modified' | 'moved' | 'unknown' | 'errored';
  relativePathComponents: readonly string[];
  relativePathMovedFrom?: readonly string[] | null;
}

interface Observer {
  observe(h: FileSystemHandle, o: { recursive: boolean }): Promise<void>;
  disconnect(): void;
}
type ObserverClass = new (cb: (records: ChangeRecord[]) => void) => Observer;

/** Paths to look at again for these records, or null when only a full walk will do. */
export function changedPaths(records: readonly ChangeRecord[]): string[] | null {
  const paths: string[] = [];
  for (const r of records) {
    if (r.type === 'unknown' || r.type === 'errored') return null;
    // The folder itself changed (removed, renamed, replaced): nothing below can be trusted.
    if (!r.relativePathComponents.length) return null;
    paths.push(r.relativePathComponents.join('/'));
    if (r.type === 'moved') {
      if (!r.relativePathMovedFrom?.length) return null;
      paths.push(r.relativePathMovedFrom.join('/'));
    }
  }
  return paths;
}

/** What a path is now: a book file (stat'ed), a folder (its books, walked), or nothing. */
export type Resolved = { kind: 'file'; book: ListedBook } | { kind: 'folder'; books: ListedBook[] } | null;

/**
 * The listing after `paths` changed: every entry at or under a changed path is dropped, then
 * what is there now is put back. Paths under another changed path are covered by it. Paths with
 * a hidden part are never books (walkFolder skips them too).
 */
export async function applyChanges(
  listing: ReadonlyMap<string, ListedBook>,
  paths: Iterable<string>,
  resolve: (path: string) => Promise<Resolved>,
): Promise<Map<string, ListedBook>> {
  const set = new Set(paths);
  const roots = [...set].filter((p) => {
    const parts = p.split('/');
    if (parts.some(isHidden)) return false;
    for (let i = 1; i < parts.length; i++) if (set.has(parts.slice(0, i).join('/'))) return false;
    return true;
  });
  const next = new Map(listing);
  for (const p of roots) for (const path of listing.keys()) if (path === p || path.startsWith(`${p}/`)) next.delete(path);
  const found = await Promise.all(roots.map(resolve));
  for (const r of found) {
    if (r?.kind === 'file') next.set(r.book.path, r.book);
    else if (r?.kind === 'folder') for (const b of r.books) next.set(b.path, b);
  }
  return next;
}

function notFound(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'NotFoundError' || name === 'TypeMismatchError';
}

/** What `path` under `root` is now (see Resolved); throws when the folder cannot be read. */
async function resolvePath(root: FileSystemDirectoryHandle, path: string, signal?: AbortSignal): Promise<Resolved> {
  const parts = path.split('/');
  const name = parts.pop()!;
  let dir = root;
  try {
    for (const p of parts) dir = await dir.getDirectoryHandle(p);
  } catch (e) {
    if (notFound(e)) return null;
    throw e;
  }
  const prefix = parts.length ? `${parts.join('/')}/` : '';
  try {
    const file = await (await dir.getFileHandle(name)).getFile();
    return isBookName(name) ? { kind: 'file', book: { path: prefix + name, size: file.size, mtime: file.lastModified, file } } : null;
  } catch (e) {
    if (!notFound(e)) throw e;
  }
  // Not a file (TypeMismatchError), or gone: a folder by that name, walked, or nothing.
  let sub: FileSystemDirectoryHandle;
  try {
    sub = await dir.getDirectoryHandle(name);
  } catch (e) {
    if (notFound(e)) return null;
    throw e;
  }
  const books = await walkFolder(sub, { signal });
  return { kind: 'folder', books: books.map((b) => ({ ...b, path: `${prefix}${name}/${b.path}` })) };
}

/**
 * For a quick scan: the last listing's entry for `path`, unless a record since then named that
 * path or a folder above it (then it is stat'ed again). A name not in the listing is new and
 * is stat'ed too.
 */
export function reusable(listing: ReadonlyMap<string, ListedBook>, changed: Iterable<string>): (path: string) => ListedBook | undefined {
  const named = new Set(changed);
  return (path) => {
    const known = listing.get(path);
    if (!known || named.has(path)) return undefined;
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) if (named.has(path.slice(0, i))) return undefined;
    return known;
  };
}

/** How much of the folder a scan must look at (see FolderWatch.list). */
export type ListCheck = 'changes' | 'quick' | 'every';

/** A picked folder, observed: listings that look only at what changed since the last full walk. */
export class FolderWatch {
  private listing: Map<string, ListedBook> | null = null;
  private dirty: string[] = [];
  private needsWalk = true;
  private walkedAt = 0;
  private observer: Observer | null = null;

  constructor(readonly root: FileSystemDirectoryHandle) {}

  static supported(): boolean {
    return typeof (globalThis as { FileSystemObserver?: unknown }).FileSystemObserver === 'function';
  }

  private onRecords = (records: ChangeRecord[]) => {
    const paths = changedPaths(records);
    if (paths === null) this.needsWalk = true;
    else this.dirty.push(...paths);
  };

  /** Starts (again) to observe; false when the browser cannot, and every listing is a full walk. */
  private async observe(): Promise<boolean> {
    this.observer?.disconnect();
    this.observer = null;
    const Obs = (globalThis as unknown as { FileSystemObserver?: ObserverClass }).FileSystemObserver;
    if (!Obs) return false;
    const obs = new Obs(this.onRecords);
    try {
      await obs.observe(this.root, { recursive: true });
    } catch {
      return false;
    }
    this.observer = obs;
    return true;
  }

  /**
   * The folder's books now. `check` is the most that may be skipped: 'changes' (automatic
   * scans) looks only at the paths the records named; 'quick' (Scan now) lists every folder,
   * which finds every added, removed and moved file without a record, and stats only new names
   * and the paths records named; 'every' stats every file. The first two need the observer to
   * have watched without a break since a full walk under FULL_WALK_EVERY_MS ago; otherwise (and
   * for 'every') this is a full walk. `from` says which ran; `statted` counts getFile() calls.
   */
  async list(
    opts: { signal?: AbortSignal; onFound?: (n: number) => void; onListed?: () => void; now?: number; check?: ListCheck } = {},
  ): Promise<{ books: ListedBook[]; from: 'walk' | 'changes' | 'quick'; statted: number }> {
    const now = opts.now ?? Date.now();
    const check = opts.check ?? 'changes';
    try {
      if (check !== 'every' && this.listing && this.observer && !this.needsWalk && now - this.walkedAt < FULL_WALK_EVERY_MS) {
        const paths = this.dirty;
        // Records from now on are for the next scan: they may name a file this one has already passed.
        this.dirty = [];
        if (check === 'changes') {
          this.listing = await applyChanges(this.listing, paths, (p) => resolvePath(this.root, p, opts.signal));
          opts.onFound?.(this.listing.size);
          return { books: [...this.listing.values()], from: 'changes', statted: paths.length };
        }
        const counts = { statted: 0 };
        const books = await walkFolder(this.root, { ...opts, reuse: reusable(this.listing, paths), counts });
        this.listing = new Map(books.map((b) => [b.path, b]));
        return { books, from: 'quick', statted: counts.statted };
      }
      // Observed before the walk starts: whatever changes from now on is looked at again next time.
      this.listing = null;
      const observing = await this.observe();
      this.dirty = [];
      this.needsWalk = false;
      const counts = { statted: 0 };
      const books = await walkFolder(this.root, { ...opts, counts });
      if (observing) {
        this.listing = new Map(books.map((b) => [b.path, b]));
        this.walkedAt = now;
      }
      return { books, from: 'walk', statted: counts.statted };
    } catch (e) {
      this.listing = null;
      throw e;
    }
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.listing = null;
  }
}
