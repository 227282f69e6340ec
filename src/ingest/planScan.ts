/**
 * The scan diff, as pure functions: what the folder holds (path, size, time) against what the
 * catalogue knows → what to read, and then what to write. No I/O here, so every case (new,
 * unchanged, changed, moved, duplicate, deleted) is tested on plain data and a real database.
 *
 * Hashing is the only reading a decision needs, and most files need none:
 * 1. planScan: a file at a known path with the same size and time is unchanged (not read).
 *    Files that might change a known book — new content at a known path, or a new path whose
 *    size equals that of a book that may have moved — go to `first`. Every other new file goes
 *    to `fresh`: it cannot be a move (equal content means equal size), so it can be hashed and
 *    added in a stream without waiting for the rest.
 * 2. resolveFirst, once `first` is hashed: the moves, in-place updates and deletions, exactly.
 * 3. claimFresh, per fresh file once hashed: add it, or report it as a duplicate.
 */
import type { FileStat, ScanDuplicate, ScanFailure, ScanIndexEntry, ScanWrite } from '../db/api';

export interface PlanOptions {
  /**
   * A folder scan removes books whose file is gone; an import only adds (re-importing part of
   * a folder must not remove the rest).
   */
  removeMissing: boolean;
  /** Failures of the last scan: a file still at the same size and time is not read again. */
  priorFailures?: readonly ScanFailure[];
}

export interface ScanPlan<F extends FileStat> {
  listed: number;
  unchanged: number;
  /** To hash before deciding anything else (see above). */
  first: F[];
  /** New files that cannot be moves: hash, then add unless the content is already there. */
  fresh: F[];
  /** Files that failed before and have not changed: reported again, not read. */
  stillFailing: ScanFailure[];
  /** Known books whose path is not listed (only when removeMissing). */
  missing: ScanIndexEntry[];
}

export function planScan<F extends FileStat>(listing: readonly F[], known: readonly ScanIndexEntry[], opts: PlanOptions): ScanPlan<F> {
  const byPath = new Map(known.map((b) => [b.path, b]));
  const failed = new Map((opts.priorFailures ?? []).map((f) => [f.path, f]));
  const listedPaths = new Set<string>();
  let unchanged = 0;
  const changedKnown: F[] = [];
  const newPaths: F[] = [];
  const stillFailing: ScanFailure[] = [];
  for (const f of listing) {
    if (listedPaths.has(f.path)) continue;
    listedPaths.add(f.path);
    const b = byPath.get(f.path);
    if (b && b.size === f.size && b.mtime === f.mtime) {
      unchanged++;
      continue;
    }
    const prior = failed.get(f.path);
    if (prior && prior.size === f.size && prior.mtime === f.mtime) {
      stillFailing.push(prior);
      continue;
    }
    (b ? changedKnown : newPaths).push(f);
  }
  const missing = opts.removeMissing ? known.filter((b) => !listedPaths.has(b.path)) : [];
  // Books that may have left their path: missing ones, and those whose file changed.
  const movableSizes = new Set<number>(missing.map((b) => b.size));
  for (const f of changedKnown) movableSizes.add(byPath.get(f.path)!.size);
  const first = [...changedKnown];
  const fresh: F[] = [];
  for (const f of newPaths) (movableSizes.has(f.size) ? first : fresh).push(f);
  const byName = (a: F, b: F) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  // Path order: of two identical new files, the first by name is the one added.
  return { listed: listedPaths.size, unchanged, first: first.sort(byName), fresh: fresh.sort(byName), stillFailing, missing };
}

export interface ToExtract<F> {
  file: F;
  hash: string;
  /** The book at this path whose content changed (updated in place), or null for a new book. */
  id: string | null;
  /** That book's cover, to delete once the row points at the new one. */
  oldCover: string | null;
}

export interface Resolution<F> {
  /** Decided without further reading, in the order to apply them: deletes, moves, touches. */
  writes: ScanWrite[];
  /** New content: extract metadata and cover, then update or insert. */
  extract: ToExtract<F>[];
  duplicates: ScanDuplicate[];
  /** Content the library holds after this scan, hash → path (fresh files with one are duplicates). */
  claimed: Map<string, string>;
}

/**
 * Decides the `first` files once hashed. `hashes` maps path → SHA-256; a file missing from it
 * could not be read, and the book at its path (if any) is left as it is.
 *
 * Rules, for files in path order: content already at its place in the library → duplicate;
 * content of a book that left its path → move (the book keeps id, progress, collections);
 * otherwise new content, which updates the book at the same path if that book's old content
 * did not turn up elsewhere, else becomes a new book. Books still unaccounted for are deleted.
 */
export function resolveFirst<F extends FileStat>(
  plan: ScanPlan<F>,
  known: readonly ScanIndexEntry[],
  hashes: ReadonlyMap<string, string>,
): Resolution<F> {
  const byPath = new Map(known.map((b) => [b.path, b]));
  const missing = new Set(plan.missing.map((b) => b.id));
  const firstByPath = new Map(plan.first.map((f) => [f.path, f]));
  const claimed = new Map<string, string>();
  /** Books whose content left their path, by their (old) hash. */
  const free = new Map<string, ScanIndexEntry>();
  const touches: ScanWrite[] = [];
  for (const b of known) {
    const f = firstByPath.get(b.path);
    const h = f && hashes.get(b.path);
    if (missing.has(b.id)) free.set(b.hash, b);
    else if (!f || h === undefined) claimed.set(b.hash, b.path);
    else if (h === b.hash) {
      touches.push({ kind: 'touch', id: b.id, size: f.size, mtime: f.mtime });
      claimed.set(b.hash, b.path);
    } else free.set(b.hash, b);
  }

  const moves: ScanWrite[] = [];
  const duplicates: ScanDuplicate[] = [];
  const newContent: { file: F; hash: string }[] = [];
  for (const f of plan.first) {
    const h = hashes.get(f.path);
    if (h === undefined) continue;
    if (byPath.get(f.path)?.hash === h) continue; // touched above
    const at = claimed.get(h);
    if (at !== undefined) {
      duplicates.push({ path: f.path, existingPath: at });
      continue;
    }
    const moved = free.get(h);
    if (moved) {
      free.delete(h);
      claimed.set(h, f.path);
      moves.push({ kind: 'move', id: moved.id, path: f.path, size: f.size, mtime: f.mtime });
      continue;
    }
    newContent.push({ file: f, hash: h });
  }

  const extract: ToExtract<F>[] = [];
  for (const { file, hash } of newContent) {
    const at = claimed.get(hash);
    if (at !== undefined) {
      duplicates.push({ path: file.path, existingPath: at });
      continue;
    }
    claimed.set(hash, file.path);
    const own = byPath.get(file.path);
    if (own && free.get(own.hash) === own) {
      free.delete(own.hash);
      extract.push({ file, hash, id: own.id, oldCover: own.coverPath });
    } else extract.push({ file, hash, id: null, oldCover: null });
  }

  const deletes: ScanWrite[] = [...free.values()].map((b) => ({ kind: 'delete', id: b.id }));
  return { writes: [...deletes, ...moves, ...touches], extract, duplicates, claimed };
}

/**
 * A fresh file, once hashed: null if its content is new (now claimed by this path), else the
 * path of the file that already holds that content (a duplicate, not added).
 */
export function claimFresh(claimed: Map<string, string>, path: string, hash: string): string | null {
  const at = claimed.get(hash);
  if (at !== undefined) return at;
  claimed.set(hash, path);
  return null;
}
