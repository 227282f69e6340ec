/**
 * The part of the worker contract that keeps the catalogue in step with an S3 bucket. Part of
 * DbApi. The poll itself runs in the page's ingest side (src/s3/), never in the database worker:
 * it reads the S3 index, lists the bucket, and sends small batches back, since every call holds
 * the cross-tab database lock. The bucket's keys (credentials) never reach this worker.
 */
import type { Token } from './common';
import type { ScannedBook, ScanWriteResult } from './ingest';

/** Where the bucket is and how to poll it. Not secret: kept in settings (key `s3_config`). */
export interface S3Config {
  /** Empty for AWS S3; e.g. https://<account>.r2.cloudflarestorage.com or http://minio:9000. */
  endpoint: string;
  region: string;
  bucket: string;
  /** Only keys under this prefix are books ("" = whole bucket). */
  prefix: string;
  forcePathStyle: boolean;
  pollSeconds: number;
  /** Keep S3 books in OPFS for offline reading: never, once opened, or all of them. */
  keepOffline: 'off' | 'opened' | 'all';
}

/** Bounds of S3Config.pollSeconds, checked by the worker and offered by the settings form. */
export const MIN_POLL_SECONDS = 15;
export const MAX_POLL_SECONDS = 24 * 3600;

export const DEFAULT_S3_CONFIG: S3Config = {
  endpoint: '',
  region: 'auto',
  bucket: '',
  prefix: '',
  forcePathStyle: false,
  pollSeconds: 60,
  keepOffline: 'opened',
};

export interface S3IndexEntry {
  id: string;
  /** books.file_path: the object key. */
  key: string;
  etag: string | null;
  hash: string;
  size: number;
  coverPath: string | null;
}

export interface S3IndexPage {
  entries: S3IndexEntry[];
  next: string | null;
}

interface S3ObjectFacts {
  key: string;
  etag: string;
  size: number;
  hash: string;
}

export type S3Write =
  | ({ kind: 'insert'; book: ScannedBook } & S3ObjectFacts)
  /** A changed ETag with new content: same id, progress and collections. */
  | ({ kind: 'update'; id: string; book: ScannedBook } & S3ObjectFacts)
  /** A changed ETag with the same content (a re-upload): only the ETag moves. */
  | { kind: 'touch'; id: string; etag: string }
  | { kind: 'delete'; id: string };

export interface S3PollStatus {
  /** Unix seconds. */
  at: number;
  outcome: 'done' | 'failed' | 'cancelled';
  /** Plain words when outcome is failed (shown on Admin → Library). */
  error?: string;
  /** Seconds before the next try after failures in a row (backoff); 0 when healthy. */
  retryIn: number;
  failuresInARow: number;
  listed: number;
  added: number;
  updated: number;
  removed: number;
  failures: { key: string; reason: string }[];
  duplicates: { key: string; existingPath: string }[];
}

/** A poll's status before anything is known: nothing listed, nothing changed. */
export function emptyPollStatus(outcome: S3PollStatus['outcome'], at = Math.floor(Date.now() / 1000)): S3PollStatus {
  return { at, outcome, retryIn: 0, failuresInARow: 0, listed: 0, added: 0, updated: 0, removed: 0, failures: [], duplicates: [] };
}

export interface S3SourceStatus {
  config: S3Config | null;
  status: S3PollStatus | null;
  bookCount: number;
}

export interface S3Api {
  getS3Index(token: Token, after: string | null, limit?: number): Promise<S3IndexPage>;
  applyS3Batch(token: Token, writes: S3Write[]): Promise<ScanWriteResult[]>;
  saveS3Status(token: Token, status: S3PollStatus): Promise<void>;
  getS3Source(token: Token): Promise<S3SourceStatus>;
  /**
   * Public (the share page reads S3 books without a session): where the bucket is, never its
   * keys, which only this browser holds. Null when no bucket is configured.
   */
  getS3Location(): Promise<S3Config | null>;
  /** Admin: where the bucket is (never the keys). */
  setS3Source(token: Token, config: S3Config): Promise<void>;
  /** Admin: forgets the bucket and removes its books; returns the covers to delete. */
  removeS3Source(token: Token): Promise<{ removed: number; staleCovers: string[] }>;
}
