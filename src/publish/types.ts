import type { FileType } from '../domain/types';

/** How a visitor's browser may read the published copy. */
export type PublishMode = 'public' | 'presigned';

/** Presigned links live at most 7 days (S3's limit for SigV4 query signatures). */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** One object of the published copy: its key under the publication, and a presigned URL when not public. */
export interface PublishedObject {
  /** Relative to the publication's folder, e.g. `books/<id>.pdf`. */
  path: string;
  url?: string;
}

export interface PublishedBook {
  id: string;
  title: string;
  author: string | null;
  fileType: FileType;
  pageCount: number | null;
  /** Plaintext size in bytes (the range reader needs it, and encrypted objects are larger). */
  fileSize: number;
  file: PublishedObject;
  cover: PublishedObject | null;
}

/**
 * `manifest.json` of a publication: all a visitor's app needs, and nothing about the owner or
 * other books. Written last, so a copy whose upload failed midway is never reachable.
 */
export interface PublishedManifest {
  v: 1;
  name: string;
  description: string | null;
  publishedAt: number;
  /** Unix seconds when presigned links stop working; null for a public copy. */
  expiresAt: number | null;
  encrypted: boolean;
  books: PublishedBook[];
}

/** What the visitor's link carries in its #fragment (never sent to any server). */
export interface PublishLinkTarget {
  /** The manifest's URL (public, or presigned). */
  manifestUrl: string;
  /** base64url AES key when the copy is encrypted. */
  key: string | null;
}

/** The owner's record of a live publication (kept in this browser: the bucket keys are too). */
export interface PublishedRecord {
  collectionId: string;
  shareToken: string;
  /** Full key prefix of the publication, ending in '/': `<prefix>.published/<random>/`. */
  prefix: string;
  mode: PublishMode;
  expiresAt: number | null;
  key: string | null;
  /** Public base URL (R2 public bucket URL, a CDN) when the S3 endpoint itself is not public. */
  publicBase: string | null;
  link: string;
  /** Book id → the content that was published, to tell what changed. */
  files: Record<string, { hash: string; cover: boolean }>;
  /** Why the last update of the copy failed (the copy then lags the collection), or absent. */
  stale?: string;
}

export interface PublishOptions {
  mode: PublishMode;
  /** Presigned mode: seconds the links live (capped at MAX_PRESIGN_SECONDS). */
  expiresIn?: number;
  encrypt: boolean;
  publicBase?: string | null;
}

export interface PublishProgress {
  done: number;
  total: number;
  /** Title of the book being written. */
  current: string;
}
