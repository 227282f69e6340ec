/**
 * What goes in a log entry: one change record per synced row, stamped with the hybrid logical
 * clock of the change. Rows are named by keys every device shares: user and collection ids
 * (made on one device, copied everywhere) and a book's SHA-256 (each device has its own book
 * ids, and its own file paths, which never sync).
 */
import type { Annotation } from '../../domain/annotations';
import type { ReadingProgress, Role } from '../../domain/types';

export interface UserValue {
  email: string;
  passwordHash: string;
  displayName: string;
  role: Role;
  createdAt: number;
  updatedAt: number;
}

export interface CollectionValue {
  userId: string;
  name: string;
  description: string | null;
  createdAt: number;
}

export interface MemberValue {
  addedAt: number;
}

/** A progress row as it travels: the person and the book are in the record's key. */
export type ProgressValue = Omit<ReadingProgress, 'id' | 'userId' | 'bookId'>;

export interface BookValue {
  title: string;
  author: string | null;
  description: string | null;
  fileType: 'pdf' | 'epub';
  fileSize: number;
  pageCount: number | null;
  addedAt: number;
  /** Only a bucket's books say where they are (their key): they open on every device. */
  s3: { bucket: string | null; key: string; etag: string | null } | null;
}

/**
 * An annotation or bookmark as it travels: `book` is the SHA-256 of the book it belongs to (each
 * device has its own book ids), `madeOn` the file's hash when it was made (annotations.book_hash,
 * which differs from `book` after the file changed and tells the reader to re-anchor).
 */
export type AnnotationValue = Omit<Annotation, 'id' | 'bookId' | 'bookHash'> & { book: string; madeOn: string };

interface Base<K extends string, V> {
  t: K;
  /** users.id, collections.id, file hash, "<collection>|<hash>", "<user>|<hash>", annotations.id. */
  k: string;
  /** HLC string of the change. */
  h: string;
  /** A tombstone: the row was deleted at `h`. */
  d?: 1;
  v?: V;
}

export type UserRecord = Base<'user', UserValue>;
export type CollectionRecord = Base<'collection', CollectionValue>;
export type MemberRecord = Base<'member', MemberValue>;
export type BookRecord = Base<'book', BookValue>;
/** c / r: the latest stamps at which the status became "completed" / was taken out of it. */
export type ProgressRecord = Base<'progress', ProgressValue> & { c: string | null; r: string | null };

export type AnnotationRecord = Base<'annotation', AnnotationValue>;

export type SyncRecord = UserRecord | CollectionRecord | MemberRecord | BookRecord | ProgressRecord | AnnotationRecord;

/** A snapshot: every current record, tombstones included. */
export interface SyncState {
  v: 1;
  records: SyncRecord[];
}

// Applied in this order within a batch, so a collection exists before its members.
const RANK: Record<SyncRecord['t'], number> = { user: 0, book: 1, collection: 2, member: 3, progress: 4, annotation: 5 };

export function byApplyOrder(a: SyncRecord, b: SyncRecord): number {
  return RANK[a.t] - RANK[b.t] || (a.h < b.h ? -1 : a.h > b.h ? 1 : 0);
}

/** The book hash and the other half of a member or progress key. */
export function splitKey(k: string): { owner: string; hash: string } {
  const i = k.lastIndexOf('|');
  return { owner: k.slice(0, i), hash: k.slice(i + 1) };
}
