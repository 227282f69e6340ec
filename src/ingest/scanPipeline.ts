/**
 * One scan, from a listing of files to a report: plan (pure), hash what must be read, write in
 * small batches. All I/O comes in through ScanIO, so the same code runs in the ingest
 * coordinator (workers, OPFS, the DB worker) and in Node tests (plain objects, sql.js).
 *
 * Consistency: every batch is one transaction, and a book row is only written once its
 * metadata and cover exist. Stopping anywhere (cancel, a killed tab) leaves a library that the
 * next scan completes: books written are known to it, the rest are still new.
 */
import type { FileStat, ScanFailure, ScanIndexEntry, ScanIndexPage, ScanReport, ScanWrite, ScanWriteResult, ScannedBook } from '../db/api';
import { isOutOfSpace } from '../domain/errors';
import { planScan, resolveFirst, type Resolution } from './planScan';
import { ScanBatcher } from './ScanBatcher';
import { addDuplicate, addFailure, emptyReport, NO_SPACE } from './scanReport';
import { hashCandidates, readNewContent, type ScanRun } from './scanStages';

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
  /** Benchmarks: a step of the scan is done (where its time goes). */
  mark?(step: string): void;
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
  /**
   * The catalogue's index, already being loaded (during the folder walk, which waits on the
   * browser, not on the database); loaded here when not given.
   */
  index?: Promise<ScanIndexEntry[]>;
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

/** Queues the writes the first stage decided: moves, touches, deletes. */
function queueResolved<F extends FileStat>(batcher: ScanBatcher, res: Resolution<F>, known: readonly ScanIndexEntry[]): void {
  const statById = new Map(known.map((b) => [b.id, b]));
  for (const w of res.writes) {
    if (w.kind === 'move') batcher.queue(w, w);
    else if (w.kind === 'touch') batcher.queue(w, { ...statById.get(w.id)!, size: w.size, mtime: w.mtime });
    else batcher.queue(w, null);
  }
}

interface Stopped {
  error: unknown;
  /** Whether the scan was cancelled (or out of space) when it stopped. */
  aborted: boolean;
}

/** The outcome and error of a scan that stopped early, and of its writes. */
function settleOutcome(report: ScanReport, stopped: Stopped | null, outOfSpace: unknown, writeError: unknown): void {
  if (stopped) {
    if (outOfSpace) {
      report.outcome = 'failed';
      report.error = NO_SPACE[report.kind];
    } else if (stopped.aborted) report.outcome = 'cancelled';
    else {
      report.outcome = 'failed';
      report.error = reasonOf(stopped.error);
    }
  }
  if (writeError) {
    report.outcome = 'failed';
    report.error = isOutOfSpace(writeError) ? NO_SPACE[report.kind] : reasonOf(writeError);
  }
  if (outOfSpace) {
    report.outcome = 'failed';
    report.error = NO_SPACE[report.kind];
  }
}

/**
 * One scan: read the index, plan, hash the candidates for moves and changes, read new content,
 * write in batches, report. Never throws: a scan that stops is a report with its outcome.
 */
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
  const report = emptyReport(opts.kind, started);

  const progress: ScanProgress = { stage: 'checking', done: 0, total: 0, listed: listing.length, current: null };
  const tell = () => io.onProgress?.({ ...progress });
  tell();

  const batcher = new ScanBatcher((writes) => io.applyScanBatch(writes), report, {
    batchSize: opts.batchSize ?? 100,
    maxDelayMs: opts.maxBatchDelayMs ?? 2000,
    now,
    onOutOfSpace: halt,
  });
  const run: ScanRun<F> = {
    hash: (f, s) => io.hash(f, s),
    extract: (f, h, s) => io.extract(f, h, s),
    signal,
    concurrency: opts.concurrency ?? 2,
    batcher,
    readFailed: (f, e) => {
      if (isOutOfSpace(e)) halt(e);
      else if (!isAbort(e, signal)) addFailure(report, f, reasonOf(e));
    },
    duplicate: (path, existingPath) => addDuplicate(report, path, existingPath),
    reading: (path) => {
      progress.current = path;
      tell();
    },
    readDone: () => {
      if (!signal.aborted) progress.done++;
      tell();
    },
  };

  let stopped: Stopped | null = null;
  try {
    const known = await (opts.index ?? loadScanIndex(io));
    io.mark?.(`catalogue loaded (${known.length} rows)`);
    const plan = planScan(listing, known, { removeMissing: opts.removeMissing, priorFailures: opts.priorFailures });
    report.listed = plan.listed;
    report.unchanged = plan.unchanged;
    for (const f of plan.stillFailing) addFailure(report, f, f.reason);
    io.mark?.('planned');
    progress.total = plan.first.length + plan.fresh.length;
    progress.stage = 'reading';
    tell();

    const hashes = await hashCandidates(run, plan.first);
    if (signal.aborted) throw signal.reason;
    const res = resolveFirst(plan, known, hashes);
    for (const d of res.duplicates) run.duplicate(d.path, d.existingPath);
    queueResolved(batcher, res, known);
    await batcher.flush();
    io.mark?.('moves, touches and deletes written');
    progress.done = plan.first.length - res.extract.length;
    tell();

    await readNewContent(run, res, plan.fresh);
    if (signal.aborted) throw signal.reason;
  } catch (e) {
    stopped = { error: e, aborted: signal.aborted };
  } finally {
    // What was read before a cancel is still written: each batch is whole on its own.
    progress.stage = 'saving';
    progress.current = null;
    tell();
    await batcher.flush();
    settleOutcome(report, stopped, outOfSpace, batcher.writeError);
    if (batcher.staleCovers.length) await io.removeCovers(batcher.staleCovers).catch(() => {});
    const written = batcher.unapplied.filter((w) => w.kind === 'insert' || w.kind === 'update');
    if (written.length) await io.discard?.(written).catch(() => {});
    report.durationMs = Math.round(now() - started);
  }
  return report;
}
