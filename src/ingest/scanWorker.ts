/// <reference lib="webworker" />
/**
 * The ingest coordinator: a dedicated worker that runs one scan at a time off the UI thread.
 * It walks the folder, plans, drives the pool of ingest workers (one per core), and writes to
 * the database worker directly over a port the page hands it (comlink's createEndpoint on the
 * tab's DB worker), in small batches.
 */
import { expose, wrap, type Remote } from 'comlink';
import type { DbApi, ScanFailure, ScanIndexEntry, ScanReport, ScanWrite } from '../db/api';
import { isOutOfSpace } from '../domain/errors';
import { installErrorTransfer } from '../lib/comlinkErrors';
import { lastModified, listOpfsFiles, opfsDir, removeOpfsEntry } from '../storage/opfs';
import { fileUnder } from '../storage/fileSource';
import { removeCoverFile } from '../storage/removeCover';
import { runCoverPass, type CoverPassResult } from './coverPass';
import { FolderWatch, type ListCheck } from './folderWatch';
import { scanEndedAnywhere, scanRunningAnywhere } from './scanLocks';
import { loadScanIndex, runScan, type ScanIO, type ScanProgress } from './scanPipeline';
import { emptyReport } from './scanReport';
import { isImportableBookPath, type ListedBook } from './walkFolder';
import { WorkerPool } from './workerPool';

installErrorTransfer();

export type ScanJob =
  | { kind: 'folder'; handle: FileSystemDirectoryHandle }
  /** Files from <input webkitdirectory> or a drop, with their relative paths. */
  | { kind: 'import'; files: { file: File; path: string }[] }
  /** Remove every local book (and the imported copies): the folder is being disconnected. */
  | { kind: 'disconnect' };

export interface ScanRunOptions {
  token: string;
  /** Ingest workers to use. */
  workers: number;
  /** Files in flight per worker (default 2: one reads while the other computes). */
  lanes?: number;
  /** Make cover thumbnails (default true; benchmarks turn them off to see their cost). */
  covers?: boolean;
  /** Benchmarks: log where a scan's time goes (console, "SCANTIMING"). */
  timings?: boolean;
  /** Failures of the last scan, not read again while unchanged (automatic scans). */
  priorFailures: ScanFailure[];
  /** Also delete cover files and imported copies no book uses (left by a killed scan). */
  cleanup: boolean;
  /**
   * How much of the folder to look at (FolderWatch.list): 'changes' for automatic scans
   * (default), 'quick' for Scan now, 'every' for Check every file.
   */
  check?: ListCheck;
}

let db: Remote<DbApi> | undefined;
let current: AbortController | undefined;
/** Resolves when the running scan ends: the cover pass waits for it. */
let scanEnded: Promise<void> | null = null;
let coversRunning: AbortController | undefined;

/** Where the books of a cover pass are: the picked folder, or the imported copies in OPFS. */
export type CoverJob = { kind: 'folder'; handle: FileSystemDirectoryHandle } | { kind: 'import' };

export interface CoverRunOptions {
  token: string;
  workers: number;
}

const IMPORTED = 'imported';

function folderError(e: unknown): string {
  const name = (e as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Alex may no longer read the folder: reconnect it.';
  if (name === 'NotFoundError') return 'The folder is no longer there: it was moved, renamed or removed. Choose it again.';
  return `The folder could not be read: ${e instanceof Error ? e.message : String(e)}`;
}

/** Deletes those of these cover files that no book row (local or S3) points to. */
async function removeUnusedCovers(api: Remote<DbApi>, token: string, paths: string[]): Promise<void> {
  for (let i = 0; i < paths.length; i += 500) {
    const chunk = paths.slice(i, i + 500);
    const used = new Set(await api.coversInUse(token, chunk));
    for (const path of chunk) if (!used.has(path)) await removeCoverFile(path);
  }
}

/**
 * Files nobody points to, left by a scan that was killed between writing a file and its row.
 * Only files older than this scan are touched: anything newer may belong to a write in
 * progress elsewhere (an S3 sync in another tab).
 */
async function removeOrphans(api: Remote<DbApi>, token: string, since: number, importMode: boolean): Promise<void> {
  const known = await loadScanIndex({ getScanIndex: (a, l) => api.getScanIndex(token, a, l) });
  const oldEnough = async (h: FileSystemFileHandle) => ((await lastModified(h)) ?? Infinity) < since;
  // A cover pass running here may have written a cover whose row it has not saved yet.
  const covers = coversRunning ? null : await opfsDir('covers');
  if (covers) {
    const localCovers = new Set(known.map((b) => b.coverPath));
    const candidates: string[] = [];
    for (const f of await listOpfsFiles(covers, 'covers/')) if (!localCovers.has(f.path) && (await oldEnough(f.handle))) candidates.push(f.path);
    await removeUnusedCovers(api, token, candidates);
  }
  const imported = importMode ? await opfsDir(IMPORTED) : null;
  if (imported) {
    const paths = new Set(known.map((b) => b.path));
    for (const f of await listOpfsFiles(imported)) if (!paths.has(f.path) && (await oldEnough(f.handle))) await removeOpfsEntry(`${IMPORTED}/${f.path}`);
  }
}

/**
 * Files written for books whose rows never were (their batch failed: out of space). Covers are
 * named by content, so one may be another book's: only those no row uses go. An imported copy
 * for a new path is this scan's own.
 */
async function discardFiles(api: Remote<DbApi>, token: string, writes: ScanWrite[], importMode: boolean): Promise<void> {
  const covers = [...new Set(writes.flatMap((w) => (w.kind === 'insert' || w.kind === 'update') && w.book.coverPath ? [w.book.coverPath] : []))];
  await removeUnusedCovers(api, token, covers);
  if (importMode) for (const w of writes) if (w.kind === 'insert') await removeOpfsEntry(`${IMPORTED}/${w.path}`);
}

/**
 * Keeps the report as the last scan. Out of space it cannot be kept: the page that ran the
 * scan still shows it, and the other tabs hear it on the scan channel.
 */
async function saveReport(api: Remote<DbApi>, token: string, report: ScanReport): Promise<void> {
  try {
    await api.saveScanReport(token, report);
  } catch (e) {
    if (!isOutOfSpace(e)) throw e;
  }
}

/** Calls the page's progress callback at most every 100 ms, and on every change of stage. */
function throttled(fn: (p: ScanProgress) => void): (p: ScanProgress) => void {
  let last = 0;
  let stage = '';
  return (p) => {
    const t = performance.now();
    if (p.stage !== stage || t - last > 100 || p.done === p.total) {
      last = t;
      stage = p.stage;
      fn(p);
    }
  };
}

/** The picked folder, observed between scans (folderWatch.ts); a scan of another folder replaces it. */
let watch: FolderWatch | null = null;

async function watchFor(handle: FileSystemDirectoryHandle): Promise<FolderWatch> {
  if (watch && (await watch.root.isSameEntry(handle).catch(() => false))) return watch;
  watch?.stop();
  watch = new FolderWatch(handle);
  return watch;
}

/**
 * The folder's books: walked, or only what changed since the last walk where the browser says;
 * throws when the folder cannot be read (or on cancel).
 */
async function walk(handle: FileSystemDirectoryHandle, signal: AbortSignal, progress: (p: ScanProgress) => void, check: ListCheck, mark?: (step: string) => void) {
  progress({ stage: 'listing', done: 0, total: 0, listed: 0, current: null });
  return (await watchFor(handle)).list({
    signal,
    check,
    onListed: mark && (() => mark('every folder listed')),
    onFound: (n) => progress({ stage: 'listing', done: 0, total: 0, listed: n, current: null }),
  });
}

/** The books among picked or dropped files, with tidy relative paths. */
function importListing(files: { file: File; path: string }[]): ListedBook[] {
  return files
    .filter((f) => isImportableBookPath(f.path))
    .map(({ file, path }) => ({ path: path.split('/').filter(Boolean).join('/'), size: file.size, mtime: file.lastModified, file }));
}

/** The report of a scan whose folder walk failed or was cancelled. */
function walkFailedReport(e: unknown, cancelled: boolean, started: number): ScanReport {
  const report = emptyReport('scan', started);
  if (cancelled) report.outcome = 'cancelled';
  else Object.assign(report, { outcome: 'failed', error: folderError(e) });
  report.durationMs = Date.now() - started;
  return report;
}

/** The scan's I/O: the database worker for the catalogue, the pool for reading, OPFS for files. */
function scanIO(dbApi: Remote<DbApi>, job: ScanJob, opts: ScanRunOptions, pool: WorkerPool, progress: (p: ScanProgress) => void, mark?: (step: string) => void): ScanIO<ListedBook> {
  const { token } = opts;
  return {
    mark,
    getScanIndex: (after, limit) => dbApi.getScanIndex(token, after, limit),
    applyScanBatch: (writes) => dbApi.applyScanBatch(token, writes),
    hash: (f, signal) => pool.hash(f.file, signal),
    extract: (f, hash, signal) =>
      pool.extract(
        f.file,
        f.path,
        hash,
        // PDF covers are drawn by the cover pass after the scan: the scan reports in metadata time.
        { copyTo: job.kind === 'import' ? `${IMPORTED}/${f.path}` : null, covers: opts.covers !== false, pdfCoverLater: true },
        signal,
      ),
    removeCovers: async (paths) => {
      for (const p of paths) await removeCoverFile(p).catch(() => {});
    },
    discard: (writes) => discardFiles(dbApi, token, writes, job.kind === 'import'),
    onProgress: progress,
  };
}

/** After a finished scan: imported copies the folder replaced, and files nobody points to. */
async function tidyUp(dbApi: Remote<DbApi>, job: ScanJob, opts: ScanRunOptions, report: ScanReport, started: number): Promise<void> {
  try {
    // Books are in the folder now (or gone): copies from an earlier import have no use.
    if (job.kind !== 'import') await removeOpfsEntry(IMPORTED);
    const wrote = report.added + report.updated + report.moved + report.removed > 0;
    if (opts.cleanup || wrote) await removeOrphans(dbApi, opts.token, started, job.kind === 'import');
  } catch {
    /* tidying is best effort: the next scan tries again */
  }
}

const api = {
  /** The database worker's API, over a port from the page. */
  connect(port: MessagePort): void {
    db = wrap<DbApi>(port);
  },

  async run(job: ScanJob, opts: ScanRunOptions, onProgress: (p: ScanProgress) => void): Promise<ScanReport> {
    if (!db) throw new Error('The scanner is not connected to the database.');
    if (current) throw new Error('A scan is already running.');
    const dbApi = db;
    const ac = new AbortController();
    current = ac;
    let endScan = () => {};
    scanEnded = new Promise<void>((resolve) => (endScan = resolve));
    const started = Date.now();
    const progress = throttled(onProgress);
    const mark = opts.timings ? (step: string) => console.log(`SCANTIMING ${step} at ${Date.now() - started} ms`) : undefined;
    const pool = new WorkerPool(Math.max(1, opts.workers));
    let report: ScanReport;
    try {
      let listing: ListedBook[] = [];
      let listedFrom: ScanReport['listedFrom'];
      let statted: number | undefined;
      let index: Promise<ScanIndexEntry[]> | undefined;
      if (job.kind === 'folder') {
        // Read beside the walk: the scan lock keeps other scans from writing meanwhile.
        index = loadScanIndex({ getScanIndex: (after, limit) => dbApi.getScanIndex(opts.token, after, limit) });
        index.catch(() => {}); // a failed walk never awaits it; runScan reports a failure
        try {
          const listed = await walk(job.handle, ac.signal, progress, opts.check ?? 'changes', mark);
          listing = listed.books;
          listedFrom = listed.from;
          statted = listed.statted;
          if (opts.timings) console.log(`SCANTIMING ${listed.from} ${Math.round(Date.now() - started)} ms, ${listing.length} files, ${listed.statted} stat'ed`);
        } catch (e) {
          report = walkFailedReport(e, ac.signal.aborted, started);
          await saveReport(dbApi, opts.token, report);
          return report;
        }
      } else if (job.kind === 'import') listing = importListing(job.files);
      else {
        watch?.stop();
        watch = null;
      }
      report = await runScan(listing, scanIO(dbApi, job, opts, pool, progress, mark), {
        kind: job.kind === 'folder' ? 'scan' : job.kind,
        removeMissing: job.kind !== 'import',
        priorFailures: opts.priorFailures,
        concurrency: pool.size * (opts.lanes ?? 2),
        signal: ac.signal,
        startedAt: started,
        index,
      });
      if (listedFrom) Object.assign(report, { listedFrom, statted });
      if (opts.timings) console.log(`SCANTIMING plan and writes done at ${Math.round(Date.now() - started)} ms`);
    } finally {
      pool.close();
      current = undefined;
      scanEnded = null;
      endScan();
    }
    if (report.outcome === 'done') await tidyUp(dbApi, job, opts, report, started);
    await saveReport(dbApi, opts.token, report);
    if (opts.timings) console.log(`SCANTIMING tidied and saved at ${Math.round(Date.now() - started)} ms (report says ${report.durationMs} ms)`);
    return report;
  },

  /**
   * Draws the covers scans left owed, until none is (coverPass.ts). One pass at a time; it waits
   * while a scan runs, in this worker or in any tab (the scan's Web Lock), so scans keep their speed.
   */
  async covers(job: CoverJob, opts: CoverRunOptions, onWaiting?: (waiting: boolean) => void): Promise<CoverPassResult> {
    if (!db) throw new Error('The scanner is not connected to the database.');
    if (coversRunning) throw new Error('A cover pass is already running.');
    const dbApi = db;
    const ac = new AbortController();
    coversRunning = ac;
    const pool = new WorkerPool(Math.max(1, opts.workers));
    try {
      const root = job.kind === 'folder' ? job.handle : await opfsDir(IMPORTED);
      if (!root) return { drawn: 0, undrawable: 0, unreadable: 0, outcome: 'done' };
      return await runCoverPass(
        {
          getPendingCovers: (after, limit) => dbApi.getPendingCovers(opts.token, after, limit),
          saveDrawnCovers: (covers) => dbApi.saveDrawnCovers(opts.token, covers),
          open: async (book) => {
            const file = await fileUnder(root, book.path);
            if (!file) throw new Error(`${book.path}: not in the folder`);
            return file;
          },
          draw: (file, book, signal) => pool.cover(file, book.hash, signal),
          removeCovers: (paths) => removeUnusedCovers(dbApi, opts.token, paths),
          scanRunning: () => current !== undefined || scanRunningAnywhere(),
          // This worker's scan ends before its tab lets the lock go: then the lock is waited for.
          scanEnded: () => scanEnded ?? scanEndedAnywhere(),
          onWaiting: (w) => void onWaiting?.(w),
        },
        { concurrency: pool.size * 2, signal: ac.signal },
      );
    } finally {
      pool.close();
      coversRunning = undefined;
    }
  },

  /** Stops the cover pass; what is not drawn stays owed. */
  cancelCovers(): void {
    coversRunning?.abort(new DOMException('Cover pass cancelled', 'AbortError'));
  },

  /** Stops the running scan; what was already read is still written (see scanPipeline). */
  cancel(): void {
    current?.abort(new DOMException('Scan cancelled', 'AbortError'));
  },
};

export type ScanWorkerApi = typeof api;

expose(api);
