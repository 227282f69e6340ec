/**
 * One scan, from a listing of files to a report: plan (pure), hash what must be read, write in
 * small batches. All I/O comes in through ScanIO, so the same code runs in the ingest
 * coordinator (workers, OPFS, the DB worker) and in Node tests (plain objects, sql.js).
 *
 * Consistency: every batch is one transaction, and a book row is only written once its
 * metadata and cover exist. Stopping anywhere (cancel, a killed tab) leaves a library that the
 * next scan completes: books written are known to it, the rest are still new.
 */
import {
  MAX_REPORT_ROWS,
  type FileStat,
  type ScanFailure,
  type ScanIndexEntry,
  type ScanIndexPage,
  type ScanReport,
  type ScanWrite,
  type ScanWriteResult,
  type ScannedBook,
} from '../db/api';
import { isOutOfSpace, OUT_OF_SPACE_LEAD } from '../domain/errors';
import { claimFresh, planScan, resolveFirst } from './planScan';

/** Out of space, the report says what happens to the books it could not add. */
const NO_SPACE: Record<ScanReport['kind'], string> = {
  scan: `${OUT_OF_SPACE_LEAD}. Free up some space; the next scan adds the books still missing.`,
  import: `${OUT_OF_SPACE_LEAD}. Free up some space, then import the folder again: only the books still missing are added.`,
  disconnect: `${OUT_OF_SPACE_LEAD}, not even to remove books from it. Free up some space, then try again.`,
};

export interface ScanProgress {
  stage: 'listing' | 'checking' | 'reading' | 'saving';
  /** Files read so far, of `total` that need reading (new or changed). */
  done: number;
  total: number;
  /** Books found in the folder so far. */
  listed: number;
  current: string | null;
}

export interface ScanIO<F extends FileStat> {
  getScanIndex(after: string | null, limit: number): Promise<ScanIndexPage>;
  applyScanBatch(writes: ScanWrite[]): Promise<ScanWriteResult[]>;
  /** SHA-256 hex; throws a plain reason (Error message) when the file cannot be read. */
  hash(file: F, signal: AbortSignal): Promise<string>;
  /** Metadata and cover (written before this resolves); throws with a plain reason. */
  extract(file: F, hash: string, signal: AbortSignal): Promise<ScannedBook>;
  /** Best effort: covers no row points to any more. */
  removeCovers(paths: string[]): Promise<void>;
  /**
   * Best effort: the files extract() wrote (cover, imported copy) for new and changed books
   * whose rows were never written (their batch failed, e.g. out of space).
   */
  discard?(writes: ScanWrite[]): Promise<void>;
  onProgress?(p: ScanProgress): void;
}

export interface ScanOptions {
  kind: ScanReport['kind'];
  removeMissing: boolean;
  priorFailures?: readonly ScanFailure[];
  /** Files read at once (spread over the worker pool). */
  concurrency?: number;
  /** Writes per applyScanBatch call (each call holds the cross-tab database lock). */
  batchSize?: number;
  /** A partial batch is written after this long, so books appear while a long scan runs. */
  maxBatchDelayMs?: number;
  signal?: AbortSignal;
  now?: () => number;
  /** When the scan began (ms), if before runScan (the folder walk): the report counts from there. */
  startedAt?: number;
}

/** The plain reason of an error thrown by ScanIO.hash/extract. */
export function reasonOf(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  return String(e ?? 'unknown error');
}

function isAbort(e: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (e as { name?: string } | null)?.name === 'AbortError';
}

export async function loadScanIndex(io: Pick<ScanIO<FileStat>, 'getScanIndex'>, pageSize = 2000): Promise<ScanIndexEntry[]> {
  const all: ScanIndexEntry[] = [];
  let after: string | null = null;
  do {
    const page: ScanIndexPage = await io.getScanIndex(after, pageSize);
    all.push(...page.entries);
    after = page.next;
  } while (after !== null);
  return all;
}

/** Runs fn over items, n at a time, until done or aborted (items not started are skipped). */
async function forEachConcurrent<T>(items: readonly T[], n: number, signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !signal.aborted) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, lane));
}

interface Pending {
  write: ScanWrite;
  stat: FileStat | null;
}

export async function runScan<F extends FileStat>(listing: readonly F[], io: ScanIO<F>, opts: ScanOptions): Promise<ScanReport> {
  // Out of space, the scan stops at once, as if cancelled, and fails with that one reason: every
  // file after it would fail the same way, and failures are not read again by automatic scans.
  const stop = new AbortController();
  let outOfSpace: unknown = null;
  const halt = (e: unknown) => {
    outOfSpace ??= e;
    stop.abort(e);
  };
  if (opts.signal?.aborted) stop.abort(opts.signal.reason);
  opts.signal?.addEventListener('abort', () => stop.abort(opts.signal!.reason), { once: true });
  const signal = stop.signal;
  const now = opts.now ?? Date.now;
  const started = opts.startedAt ?? now();
  const report: ScanReport = {
    kind: opts.kind,
    outcome: 'done',
    startedAt: Math.floor(started / 1000),
    durationMs: 0,
    listed: 0,
    unchanged: 0,
    added: 0,
    updated: 0,
    moved: 0,
    removed: 0,
    failures: [],
    failureCount: 0,
    duplicates: [],
    duplicateCount: 0,
  };
  const fail = (f: FileStat, reason: string) => {
    report.failureCount++;
    if (report.failures.length < MAX_REPORT_ROWS) report.failures.push({ path: f.path, reason, size: f.size, mtime: f.mtime });
  };
  const duplicate = (path: string, existingPath: string) => {
    report.duplicateCount++;
    if (report.duplicates.length < MAX_REPORT_ROWS) report.duplicates.push({ path, existingPath });
  };

  const progress: ScanProgress = { stage: 'checking', done: 0, total: 0, listed: listing.length, current: null };
  const tell = () => io.onProgress?.({ ...progress });
  tell();

  // --- writes, in batches, one at a time ---
  const batchSize = opts.batchSize ?? 100;
  const maxDelay = opts.maxBatchDelayMs ?? 2000;
  let pending: Pending[] = [];
  let firstPendingAt = 0;
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  const staleCovers: string[] = [];
  const unapplied: ScanWrite[] = [];

  const applyBatch = async (batch: Pending[]) => {
    const results = await io.applyScanBatch(batch.map((p) => p.write));
    results.forEach((r, i) => {
      const { write, stat } = batch[i]!;
      if (r.status === 'ok') {
        if (r.staleCover) staleCovers.push(r.staleCover);
        if (write.kind === 'insert') report.added++;
        else if (write.kind === 'update') report.updated++;
        else if (write.kind === 'move') report.moved++;
        else if (write.kind === 'delete') report.removed++;
        else report.unchanged++;
      } else if (r.status === 'duplicate') {
        if (stat) duplicate(stat.path, r.existingPath);
        // A cover written for content the library already has under another row: that row
        // uses the same file name (covers are named by hash), so it is not stale.
      } else if (stat) fail(stat, r.reason);
    });
  };
  const flush = () => {
    if (!pending.length) return writing;
    const batch = pending;
    pending = [];
    const dropped = () => void unapplied.push(...batch.map((p) => p.write));
    writing = writing.then(() => {
      if (writeError) return dropped();
      return applyBatch(batch).catch((e) => {
        writeError = e;
        dropped();
        if (isOutOfSpace(e)) halt(e);
      });
    });
    return writing;
  };
  const queue = (write: ScanWrite, stat: FileStat | null) => {
    if (!pending.length) firstPendingAt = now();
    pending.push({ write, stat });
    if (pending.length >= batchSize || now() - firstPendingAt >= maxDelay) void flush();
  };

  try {
    const known = await loadScanIndex(io);
    const plan = planScan(listing, known, { removeMissing: opts.removeMissing, priorFailures: opts.priorFailures });
    report.listed = plan.listed;
    report.unchanged = plan.unchanged;
    for (const f of plan.stillFailing) fail(f, f.reason);
    progress.total = plan.first.length + plan.fresh.length;
    progress.stage = 'reading';
    tell();
    const concurrency = opts.concurrency ?? 2;

    // 1. Files that may move or change known books: hash all of them first.
    const hashes = new Map<string, string>();
    await forEachConcurrent(plan.first, concurrency, signal, async (f) => {
      progress.current = f.path;
      tell();
      try {
        hashes.set(f.path, await io.hash(f, signal));
      } catch (e) {
        if (isOutOfSpace(e)) halt(e);
        else if (!isAbort(e, signal)) fail(f, reasonOf(e));
      }
    });
    if (signal.aborted) throw signal.reason;

    const res = resolveFirst(plan, known, hashes);
    for (const d of res.duplicates) duplicate(d.path, d.existingPath);
    const statById = new Map(known.map((b) => [b.id, b]));
    for (const w of res.writes) {
      if (w.kind === 'move') queue(w, w);
      else if (w.kind === 'touch') queue(w, { ...statById.get(w.id)!, size: w.size, mtime: w.mtime });
      else queue(w, null);
    }
    await flush();
    progress.done = plan.first.length - res.extract.length;
    tell();

    // 2. New content: changed books and new files, read in a stream and written in batches.
    const addBook = async (file: F, hash: string, id: string | null) => {
      try {
        const book = await io.extract(file, hash, signal);
        if (signal.aborted) return;
        const stat = { path: file.path, size: file.size, mtime: file.mtime };
        queue(id ? { kind: 'update', id, hash, book, ...stat } : { kind: 'insert', hash, book, ...stat }, stat);
      } catch (e) {
        if (isOutOfSpace(e)) halt(e);
        else if (!isAbort(e, signal)) fail(file, reasonOf(e));
      }
    };
    type Job = { file: F; hash: string | null; id: string | null };
    const jobs: Job[] = [...res.extract.map((x) => ({ file: x.file, hash: x.hash, id: x.id })), ...plan.fresh.map((file) => ({ file, hash: null, id: null }))];
    await forEachConcurrent(jobs, concurrency, signal, async (job) => {
      progress.current = job.file.path;
      tell();
      let hash = job.hash;
      if (hash === null) {
        try {
          hash = await io.hash(job.file, signal);
        } catch (e) {
          if (isOutOfSpace(e)) halt(e);
          else if (!isAbort(e, signal)) fail(job.file, reasonOf(e));
          hash = null;
        }
        const at = hash === null ? null : claimFresh(res.claimed, job.file.path, hash);
        if (at !== null) duplicate(job.file.path, at);
        else if (hash !== null) await addBook(job.file, hash, null);
      } else await addBook(job.file, hash, job.id);
      if (!signal.aborted) progress.done++;
      tell();
    });
    if (signal.aborted) throw signal.reason;
  } catch (e) {
    if (outOfSpace) {
      report.outcome = 'failed';
      report.error = NO_SPACE[opts.kind];
    } else if (signal.aborted) report.outcome = 'cancelled';
    else {
      report.outcome = 'failed';
      report.error = reasonOf(e);
    }
  } finally {
    // What was read before a cancel is still written: each batch is whole on its own.
    progress.stage = 'saving';
    progress.current = null;
    tell();
    await flush();
    if (writeError) {
      report.outcome = 'failed';
      report.error = isOutOfSpace(writeError) ? NO_SPACE[opts.kind] : reasonOf(writeError);
    }
    if (outOfSpace) {
      report.outcome = 'failed';
      report.error = NO_SPACE[opts.kind];
    }
    if (staleCovers.length) await io.removeCovers(staleCovers).catch(() => {});
    const written = unapplied.filter((w) => w.kind === 'insert' || w.kind === 'update');
    if (written.length) await io.discard?.(written).catch(() => {});
    report.durationMs = Math.round(now() - started);
  }
  return report;
}
