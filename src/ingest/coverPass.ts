/**
 * The cover pass: draws the PDF covers a scan left owed (books.cover_pending, migration 0011).
 * Drawing page 1 is about 90 % of a real PDF's ingest cost, so a scan adds books with their
 * metadata and reports at once; this pass follows in the background and the grid shows each
 * cover as its batch is saved. All I/O comes in through CoverPassIO, so the same code runs in the
 * ingest coordinator and in Node tests.
 *
 * Resumable by construction: what is owed is in the rows, so a pass stopped anywhere (a closed
 * tab, a reload, a cancel) leaves the rest owed and the next pass draws it. A file that cannot be
 * read now (folder permission gone, file removed before the next scan) stays owed; a file that is
 * read but cannot be drawn gets no cover, once, and is not tried again.
 */
import type { DrawnCover, PendingCover, PendingCoverPage } from '../db/api';
import { isOutOfSpace } from '../domain/errors';

export interface CoverPassIO {
  getPendingCovers(after: string | null, limit: number): Promise<PendingCoverPage>;
  saveDrawnCovers(covers: DrawnCover[]): Promise<boolean[]>;
  /** The book's file; throws when it cannot be read now (the book stays owed). */
  open(book: PendingCover): Promise<Blob>;
  /** Draws and saves the cover file; its path, or null when none can be drawn. */
  draw(file: Blob, book: PendingCover, signal: AbortSignal): Promise<string | null>;
  /** Best effort: cover files of books that changed or left while they were drawn. */
  removeCovers(paths: string[]): Promise<void>;
  /**
   * Whether a scan runs, in this worker or in any tab: the pass then waits (`scanEnded`), so
   * scans keep their speed and a scan's tidy-up sees every saved cover.
   */
  scanRunning?(): boolean | Promise<boolean>;
  /** Resolves when no scan runs any more. */
  scanEnded?(): Promise<void>;
  /** The pass waits for a scan (true), or goes on (false): what Admin → Library says. */
  onWaiting?(waiting: boolean): void;
  /** Covers saved so far in this pass. */
  onProgress?(saved: number): void;
}

export interface CoverPassOptions {
  /** Books drawn at once (spread over the worker pool). */
  concurrency?: number;
  pageSize?: number;
  /** Covers saved per call; each call is a transaction every tab's grid reloads on. */
  batchSize?: number;
  /** A partial batch is saved after this long, so covers keep appearing. */
  maxBatchDelayMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export interface CoverPassResult {
  /** Covers drawn and saved. */
  drawn: number;
  /** Books read whose first page could not be drawn: they keep the placeholder. */
  undrawable: number;
  /** Books whose file could not be read now: still owed. */
  unreadable: number;
  outcome: 'done' | 'cancelled' | 'failed';
  error?: string;
}

/** Runs `fn` over `items`, at most `n` at once. */
async function eachLimited<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i; (i = next++) < items.length; ) await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, lane));
}

function isAbort(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'AbortError';
}

export async function runCoverPass(io: CoverPassIO, opts: CoverPassOptions = {}): Promise<CoverPassResult> {
  const signal = opts.signal ?? new AbortController().signal;
  const now = opts.now ?? Date.now;
  const batchSize = opts.batchSize ?? 16;
  const maxDelay = opts.maxBatchDelayMs ?? 1000;
  const result: CoverPassResult = { drawn: 0, undrawable: 0, unreadable: 0, outcome: 'done' };
  let batch: DrawnCover[] = [];
  let batchSince = 0;
  let saved = 0;
  let savedThisSweep = false;
  /** Tried once per pass: a later sweep does not read them again. */
  const unreadable = new Set<string>();

  const flush = async () => {
    if (!batch.length) return;
    const mine = batch;
    batch = [];
    const applied = await io.saveDrawnCovers(mine);
    // Even a result that did not apply (the book changed meanwhile) may have left new content owed.
    savedThisSweep = true;
    const unused: string[] = [];
    mine.forEach((c, i) => {
      if (applied[i]) {
        saved++;
      } else if (c.coverPath) unused.push(c.coverPath);
    });
    if (unused.length) await io.removeCovers(unused).catch(() => {});
    io.onProgress?.(saved);
  };

  let waiting = 0;
  const waitForScan = async () => {
    while (io.scanRunning && (await io.scanRunning())) {
      if (waiting++ === 0) io.onWaiting?.(true);
      try {
        // Saved before waiting: a scan's tidy-up removes cover files no row points to.
        await flush();
        await io.scanEnded?.();
      } finally {
        if (--waiting === 0) io.onWaiting?.(false);
      }
    }
  };

  const one = async (book: PendingCover) => {
    await waitForScan();
    signal.throwIfAborted();
    if (unreadable.has(book.id)) return;
    let file: Blob;
    try {
      file = await io.open(book);
    } catch {
      unreadable.add(book.id);
      return;
    }
    let coverPath: string | null;
    try {
      coverPath = await io.draw(file, book, signal);
    } catch (e) {
      if (signal.aborted || isAbort(e) || isOutOfSpace(e)) throw e;
      unreadable.add(book.id);
      return;
    }
    if (coverPath) result.drawn++;
    else result.undrawable++;
    if (!batch.length) batchSince = now();
    batch.push({ id: book.id, hash: book.hash, coverPath });
    if (batch.length >= batchSize || now() - batchSince >= maxDelay) await flush();
  };

  try {
    // Sweeps until one saves nothing: books a scan adds or changes meanwhile are drawn in the same pass.
    do {
      savedThisSweep = false;
      let after: string | null = null;
      do {
        const page: PendingCoverPage = await io.getPendingCovers(after, opts.pageSize ?? 64);
        after = page.next;
        await eachLimited(page.books, opts.concurrency ?? 2, one);
      } while (after !== null);
      await flush();
    } while (savedThisSweep);
  } catch (e) {
    await flush().catch(() => {});
    if (signal.aborted || isAbort(e)) result.outcome = 'cancelled';
    else {
      result.outcome = 'failed';
      result.error = e instanceof Error ? e.message : String(e);
    }
  }
  result.unreadable = unreadable.size;
  return result;
}
