/**
 * What the full-text index (src/fulltext/, its own worker and database file) asks of the
 * catalogue: which book contents there are, and the books behind search hits. Read-only.
 * Part of DbApi.
 */
import type { BookSource, FileType } from '../../domain/types';
import type { Token } from './common';

export interface TextIndexEntry {
  id: string;
  title: string;
  author: string | null;
  fileType: FileType;
  fileHash: string;
  filePath: string;
  fileSize: number;
  source: BookSource;
  s3Bucket: string | null;
  coverPath: string | null;
}

export interface TextIndexPage {
  entries: TextIndexEntry[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
}

export interface TextIndexApi {
  /** Every book, by id, a page at a time (signed-in users: any tab may index). */
  listTextIndexBooks(token: Token, after: string | null): Promise<TextIndexPage>;
  /** The books with these contents (search hits are keyed by SHA-256). */
  booksByHash(token: Token, hashes: string[]): Promise<TextIndexEntry[]>;
}
