/**
 * The two reading stages of a scan, dispatched over the worker pool `concurrency` files at a
 * time: first the files that may move or change known books (hashed only), then new content
 * (hashed if need be, then extracted and queued for writing).
 */
import type { FileStat, ScannedBook } from '../db/api';
import { claimFresh, type Resolution } from './planScan';
import type { ScanBatcher } from './ScanBatcher';

/** What a stage needs of the running scan. */
export interface ScanRun<F extends FileStat> {
  hash(file: F, signal: AbortSignal): Promise<string>;
  extract(file: F, hash: string, signal: AbortSignal): Promise<ScannedBook>;
  signal: AbortSignal;
  concurrency: number;
  batcher: ScanBatcher;
  /** A file's read failed: a report row, or the end of the scan when out of space. */
  readFailed(file: F, e: unknown): void;
  duplicate(path: string, existingPath: string): void;
  /** Progress: this file is being read. */
  reading(path: string): void;
  /** Progress: a file of the second stage is done. */
  readDone(): void;
}

/** Runs fn over items, n at a time, until done or aborted (items not started are skipped). */
async function forEachConcurrent<T>(items: readonly T[], n: number, signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !signal.aborted) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, lane));
}

/** Stage 1: the hashes of the files that may move or change known books, by path. */
export async function hashCandidates<F extends FileStat>(run: ScanRun<F>, files: readonly F[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  await forEachConcurrent(files, run.concurrency, run.signal, async (f) => {
    run.reading(f.path);
    try {
      hashes.set(f.path, await run.hash(f, run.signal));
    } catch (e) {
      run.readFailed(f, e);
    }
  });
  return hashes;
}

async function addBook<F extends FileStat>(run: ScanRun<F>, file: F, hash: string, id: string | null): Promise<void> {
  try {
    const book = await run.extract(file, hash, run.signal);
    if (run.signal.aborted) return;
    const stat = { path: file.path, size: file.size, mtime: file.mtime };
    run.batcher.queue(id ? { kind: 'update', id, hash, book, ...stat } : { kind: 'insert', hash, book, ...stat }, stat);
  } catch (e) {
    run.readFailed(file, e);
  }
}

/** Stage 2: changed books and new files, read in a stream and queued for writing. */
export async function readNewContent<F extends FileStat>(run: ScanRun<F>, res: Resolution<F>, fresh: readonly F[]): Promise<void> {
  type Job = { file: F; hash: string | null; id: string | null };
  const jobs: Job[] = [...res.extract.map((x) => ({ file: x.file, hash: x.hash, id: x.id })), ...fresh.map((file) => ({ file, hash: null, id: null }))];
  await forEachConcurrent(jobs, run.concurrency, run.signal, async (job) => {
    run.reading(job.file.path);
    let hash = job.hash;
    if (hash === null) {
      try {
        hash = await run.hash(job.file, run.signal);
      } catch (e) {
        run.readFailed(job.file, e);
        hash = null;
      }
      const at = hash === null ? null : claimFresh(res.claimed, job.file.path, hash);
      if (at !== null) run.duplicate(job.file.path, at);
      else if (hash !== null) await addBook(run, job.file, hash, null);
    } else await addBook(run, job.file, hash, job.id);
    run.readDone();
  });
}
