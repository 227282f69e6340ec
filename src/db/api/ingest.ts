/**
 * The part of the worker contract that keeps the catalogue in sync with the local folder
 * (or the imported copies). Part of DbApi.
 *
 * A scan runs in the ingest coordinator (src/ingest/), never in the database worker: it reads
 * what the catalogue knows with getScanIndex, works out the changes itself, and sends them back
 * in small applyScanBatch calls, because every call holds the cross-tab database lock.
 *
 * Sync calls (getScanIndex, applyScanBatch, saveScanReport) need a signed-in user, not an
 * admin: the admin chose the folder, and a reader's session keeps the library in step with it.
 * Whoever can run them could as well change the folder's files. Choosing the source and the
 * interval is for admins only.
 */
import type { FileType } from '../../domain/types';
import type { LocalMode, Token } from './common';

/** What a scan needs to know of one local book to diff a folder without reading files. */
export interface ScanIndexEntry {
  id: string;
  /** books.file_path: relative to the folder root, '/'-separated. */
  path: string;
  size: number;
  /** File.lastModified in milliseconds (books.file_mtime); null when never recorded. */
  mtime: number | null;
  hash: string;
  coverPath: string | null;
}

export interface ScanIndexPage {
  entries: ScanIndexEntry[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
}

/** What extraction found for a file, as stored in its row. */
export interface ScannedBook {
  fileType: FileType;
  title: string;
  author: string | null;
  description: string | null;
  pageCount: number | null;
  /** Relative OPFS path of the thumbnail (covers/<hash>.webp), written before the row. */
  coverPath: string | null;
  /** No cover yet: the cover pass draws it after the scan (PDFs; books.cover_pending). */
  coverPending?: boolean;
}

export interface FileStat {
  path: string;
  size: number;
  mtime: number;
}

/** One change to the catalogue. A batch applies them in order, each on its own. */
export type ScanWrite =
  | ({ kind: 'insert'; hash: string; book: ScannedBook } & FileStat)
  /** New content at the book's own path: same id, progress and collections. */
  | ({ kind: 'update'; id: string; hash: string; book: ScannedBook } & FileStat)
  /** Same content at a new path. */
  | ({ kind: 'move'; id: string } & FileStat)
  /** Same content, new size or time stamp only. */
  | { kind: 'touch'; id: string; size: number; mtime: number }
  | { kind: 'delete'; id: string };

export type ScanWriteResult =
  /** staleCover: a cover file no row uses any more (to delete after the batch). */
  | { status: 'ok'; id: string; staleCover?: string | null }
  | { status: 'duplicate'; existingPath: string }
  | { status: 'failed'; reason: string };

export interface ScanFailure {
  path: string;
  /** Plain words: "not a PDF", "encrypted PDF"… */
  reason: string;
  /** The file's size and time when it failed: an unchanged bad file is not read again. */
  size: number;
  mtime: number;
}

export interface ScanDuplicate {
  path: string;
  /** The book already in the library with the same content. */
  existingPath: string;
}

export interface ScanReport {
  kind: 'scan' | 'import' | 'disconnect';
  outcome: 'done' | 'cancelled' | 'failed';
  /** Why the scan stopped, when outcome is 'failed'. */
  error?: string;
  /** Unix seconds. */
  startedAt: number;
  durationMs: number;
  /** Books found in the folder (or in the import). */
  listed: number;
  /**
   * How the folder was listed: every file stat'ed ('walk'); only the paths the browser's
   * FileSystemObserver said changed since the last walk ('changes'); or every folder listed,
   * with only new names and the paths the observer named stat'ed ('quick', Scan now while the
   * folder was watched). Absent for imports.
   */
  listedFrom?: 'walk' | 'changes' | 'quick';
  /** Files whose size and time were asked of the browser (getFile()) while listing. */
  statted?: number;
  unchanged: number;
  added: number;
  updated: number;
  moved: number;
  removed: number;
  /** Every failed file, up to MAX_REPORT_ROWS; failureCount has the full number. */
  failures: ScanFailure[];
  failureCount: number;
  duplicates: ScanDuplicate[];
  duplicateCount: number;
}

export const MAX_REPORT_ROWS = 1000;

export interface LocalSourceStatus {
  mode: LocalMode | null;
  /** The picked folder's name (the handle itself lives in IndexedDB, not in the database). */
  folderName: string | null;
  scanIntervalSeconds: number;
  lastScan: ScanReport | null;
  /** Local books in the catalogue. */
  bookCount: number;
  /** Books whose cover the cover pass has yet to draw. */
  coversPending: number;
}

/** A book whose cover is owed (books.cover_pending): the cover pass reads its file and draws page 1. */
export interface PendingCover {
  id: string;
  /** books.file_path: relative to the folder root (or to imported/). */
  path: string;
  hash: string;
}

export interface PendingCoverPage {
  books: PendingCover[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
}

/** What the cover pass made of one book: its cover file, or null when none could be drawn. */
export interface DrawnCover {
  id: string;
  /** The content the cover was drawn from: the result applies only if the book still has it. */
  hash: string;
  coverPath: string | null;
}

export const DEFAULT_SCAN_INTERVAL = 60;
export const MIN_SCAN_INTERVAL = 10;
export const MAX_SCAN_INTERVAL = 24 * 3600;

export interface IngestApi {
  /** Local books by path, a page at a time (keyset: pass the previous page's `next`). */
  getScanIndex(token: Token, after: string | null, limit?: number): Promise<ScanIndexPage>;
  /**
   * Applies up to 500 writes in one transaction that bumps library_version; one result per
   * write, in order. A write that breaks a rule (same content as another book, path taken) is
   * a result, not an exception, and does not undo the others.
   */
  applyScanBatch(token: Token, writes: ScanWrite[]): Promise<ScanWriteResult[]>;
  /** Which of these cover files (at most 500) a book row, local or S3, still points to. */
  coversInUse(token: Token, coverPaths: string[]): Promise<string[]>;
  saveScanReport(token: Token, report: ScanReport): Promise<void>;
  /** Local books whose cover is owed, by path, a page at a time (keyset, like getScanIndex). */
  getPendingCovers(token: Token, after: string | null, limit?: number): Promise<PendingCoverPage>;
  /**
   * Up to 500 results of the cover pass, in one transaction that bumps library_version; one
   * flag each: false when the book changed or left meanwhile (its cover file is then unused).
   */
  saveDrawnCovers(token: Token, covers: DrawnCover[]): Promise<boolean[]>;
  getLocalSource(token: Token): Promise<LocalSourceStatus>;
  /** Admin: the folder (or import) the local books come from; null when disconnected. */
  setLocalSource(token: Token, source: { mode: LocalMode; folderName: string | null } | null): Promise<void>;
  /** Admin: seconds between automatic scans while the app is visible. */
  setScanInterval(token: Token, seconds: number): Promise<void>;
}
