/**
 * The books table: its one writer, and the reads of a book by id. Every INSERT, UPDATE and
 * DELETE of a book goes through a function here named after its intent, so that sync can record
 * each change in one place. Two writes stay outside on purpose: the derived sort keys that
 * searchIndex.ts keeps (rebuildable, never synced) and a restore, which replaces every table.
 */
import type { Db, SqlValue } from '../Db';
import { nowSeconds, type Book, type BookSource, type FileType } from '../../domain/types';
import type { ScannedBook } from '../api';
import { indexBooks } from './searchIndex';

export interface BookRow {
  id: string;
  title: string;
  author: string | null;
  description: string | null;
  file_type: FileType;
  file_path: string;
  file_size: number;
  file_hash: string;
  file_mtime: number | null;
  cover_path: string | null;
  page_count: number | null;
  added_at: number;
  updated_at: number;
  source: BookSource;
  s3_bucket: string | null;
  s3_etag: string | null;
  on_device?: number;
}

export function toBook(r: BookRow): Book {
  return {
    id: r.id,
    title: r.title,
    author: r.author,
    description: r.description,
    fileType: r.file_type,
    filePath: r.file_path,
    fileSize: Number(r.file_size),
    fileHash: r.file_hash,
    fileMtime: r.file_mtime == null ? null : Number(r.file_mtime),
    coverPath: r.cover_path,
    pageCount: r.page_count == null ? null : Number(r.page_count),
    addedAt: Number(r.added_at),
    updatedAt: Number(r.updated_at),
    source: r.source,
    s3Bucket: r.s3_bucket,
    s3Etag: r.s3_etag,
    onDevice: Number(r.on_device ?? 1) === 1,
  };
}

export type NewBook = Omit<Book, 'id' | 'addedAt' | 'updatedAt' | 'source' | 's3Bucket' | 's3Etag' | 'fileMtime' | 'coverPath' | 'pageCount' | 'author' | 'description' | 'onDevice'> &
  Partial<Pick<Book, 'id' | 'addedAt' | 'source' | 's3Bucket' | 's3Etag' | 'fileMtime' | 'coverPath' | 'pageCount' | 'author' | 'description' | 'onDevice'>>;

type Row = Omit<Book, 'updatedAt'>;

// One statement for every new book, whoever adds it (scan, poll, tests, benches).
async function insertRow(db: Db, b: Row, now: number, coverPending = false): Promise<void> {
  await insertRows(db, [b], now, coverPending);
}

// 18 columns: 50 rows stay far below SQLite's limit on bound parameters.
const INSERT_CHUNK = 50;

/** One INSERT per 50 rows: a join brings thousands of books at once. */
async function insertRows(db: Db, rows: readonly Row[], now: number, coverPending = false): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const part = rows.slice(i, i + INSERT_CHUNK);
    const params: SqlValue[] = [];
    for (const b of part)
      params.push(
        b.id, b.title, b.author, b.description, b.fileType, b.filePath, b.fileSize, b.fileHash,
        b.fileMtime, b.coverPath, b.pageCount, b.addedAt, now, b.source, b.s3Bucket, b.s3Etag, b.onDevice ? 1 : 0,
        coverPending ? 1 : 0,
      );
    await db.run(
      `INSERT INTO books (id, title, author, description, file_type, file_path, file_size, file_hash, file_mtime,
         cover_path, page_count, added_at, updated_at, source, s3_bucket, s3_etag, on_device, cover_pending)
       VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      params,
    );
  }
}

/** Adds one book, indexed for search at once, and returns its row (tests, benches, fixtures). */
export async function insertBook(db: Db, b: NewBook): Promise<Book> {
  const now = nowSeconds();
  const id = b.id ?? crypto.randomUUID();
  await insertRow(db, {
    ...b, id, author: b.author ?? null, description: b.description ?? null, fileMtime: b.fileMtime ?? null,
    coverPath: b.coverPath ?? null, pageCount: b.pageCount ?? null, addedAt: b.addedAt ?? now,
    source: b.source ?? 'local', s3Bucket: b.s3Bucket ?? null, s3Etag: b.s3Etag ?? null, onDevice: b.onDevice ?? true,
  }, now);
  // The search index and sort keys, at once (a trigger queued the book; this empties the queue).
  await indexBooks(db, [id]);
  return (await getBook(db, id))!;
}

/** A file of the local folder: books.file_path, size, File.lastModified (ms). */
export interface LocalFile {
  path: string;
  size: number;
  mtime: number;
}

/** An object of the bucket: books.file_path is its key. */
export interface S3ObjectFile {
  key: string;
  etag: string;
  size: number;
}

/**
 * A new book found by a scan; returns its id. Not indexed for search here: the scan indexes a
 * whole batch at once (indexBooks).
 */
export async function addLocalBook(db: Db, file: LocalFile, hash: string, b: ScannedBook, now: number): Promise<string> {
  const id = crypto.randomUUID();
  await insertRow(db, {
    id, title: b.title, author: b.author, description: b.description, fileType: b.fileType, filePath: file.path,
    fileSize: file.size, fileHash: hash, fileMtime: file.mtime, coverPath: b.coverPath, pageCount: b.pageCount,
    addedAt: now, source: 'local', s3Bucket: null, s3Etag: null, onDevice: true,
  }, now, pendingCover(b));
  return id;
}

/** A PDF whose cover the scan left to the cover pass (coverPass.ts): owed until drawn or found undrawable. */
function pendingCover(b: ScannedBook): boolean {
  return !!b.coverPending && !b.coverPath;
}

/** A new book found by a bucket poll; returns its id. */
export async function addS3Book(db: Db, obj: S3ObjectFile, bucket: string, hash: string, b: ScannedBook, now: number): Promise<string> {
  const id = crypto.randomUUID();
  await insertRow(db, {
    id, title: b.title, author: b.author, description: b.description, fileType: b.fileType, filePath: obj.key,
    fileSize: obj.size, fileHash: hash, fileMtime: null, coverPath: b.coverPath, pageCount: b.pageCount,
    addedAt: now, source: 's3', s3Bucket: bucket, s3Etag: obj.etag, onDevice: true,
  }, now);
  return id;
}

/** New content at a local book's path (or a path freed for it): same id, progress, collections. */
export async function replaceLocalBookFile(db: Db, id: string, file: LocalFile, hash: string, b: ScannedBook, now: number): Promise<void> {
  await db.run(
    `UPDATE books SET title = ?, author = ?, description = ?, file_type = ?, file_path = ?, file_size = ?,
       file_hash = ?, file_mtime = ?, cover_path = ?, page_count = ?, updated_at = ?, cover_pending = ? WHERE id = ?`,
    [b.title, b.author, b.description, b.fileType, file.path, file.size, hash, file.mtime, b.coverPath, b.pageCount, now, pendingCover(b) ? 1 : 0, id],
  );
}

/** New content under an S3 book's key: same id, progress and collections. */
export async function replaceS3BookObject(db: Db, id: string, obj: S3ObjectFile, bucket: string, hash: string, b: ScannedBook, now: number): Promise<void> {
  await db.run(
    `UPDATE books SET title = ?, author = ?, description = ?, file_type = ?, file_size = ?, file_hash = ?, cover_path = ?,
       page_count = ?, s3_etag = ?, s3_bucket = ?, updated_at = ? WHERE id = ?`,
    [b.title, b.author, b.description, b.fileType, obj.size, hash, b.coverPath, b.pageCount, obj.etag, bucket, now, id],
  );
}

/** Same content at a new path. */
export async function moveLocalBook(db: Db, id: string, file: LocalFile, now: number): Promise<void> {
  await db.run('UPDATE books SET file_path = ?, file_size = ?, file_mtime = ?, updated_at = ? WHERE id = ?', [file.path, file.size, file.mtime, now, id]);
}

/** Same content, new size or time stamp only: not a change the user sees (updated_at stays). */
export async function touchLocalBook(db: Db, id: string, size: number, mtime: number): Promise<void> {
  await db.run('UPDATE books SET file_size = ?, file_mtime = ? WHERE id = ?', [size, mtime, id]);
}

/** A re-upload of the same content: only the ETag moves. */
export async function setS3Etag(db: Db, id: string, etag: string): Promise<void> {
  await db.run('UPDATE books SET s3_etag = ? WHERE id = ?', [etag, id]);
}

/**
 * Gives up a path another local book needs: the book is parked under a hidden name, which no
 * scan lists, so if nothing moves it on it is found missing next time.
 */
export async function parkLocalBook(db: Db, id: string): Promise<void> {
  await db.run('UPDATE books SET file_path = ? WHERE id = ?', [`.alex-parked/${id}`, id]);
}

const PATCHABLE: Record<string, string> = {
  title: 'title', author: 'author', description: 'description', fileType: 'file_type', filePath: 'file_path',
  fileSize: 'file_size', fileHash: 'file_hash', fileMtime: 'file_mtime', coverPath: 'cover_path',
  pageCount: 'page_count', s3Bucket: 's3_bucket', s3Etag: 's3_etag', source: 'source',
};

/** Any fields of one book (tests); re-indexes it when its title or author changed. */
export async function updateBook(db: Db, id: string, patch: Partial<Omit<Book, 'id' | 'addedAt' | 'updatedAt'>>): Promise<void> {
  const sets: string[] = [];
  const params: (string | number | null)[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const col = PATCHABLE[k];
    if (!col || v === undefined) continue;
    sets.push(`${col} = ?`);
    params.push(v as string | number | null);
  }
  if (!sets.length) return;
  sets.push('updated_at = ?');
  params.push(nowSeconds(), id);
  await db.run(`UPDATE books SET ${sets.join(', ')} WHERE id = ?`, params);
  if ('title' in patch || 'author' in patch) await indexBooks(db, [id]);
}

/** A local book whose cover the cover pass still owes (books.cover_pending). */
export interface PendingCoverRow {
  id: string;
  path: string;
  hash: string;
}

/** Owed covers in path order, keyset-paged on books_cover_pending_idx (migration 0011). */
export async function pendingCovers(db: Db, after: string | null, limit: number): Promise<PendingCoverRow[]> {
  const rows = await db.all<{ id: string; file_path: string; file_hash: string }>(
    `SELECT id, file_path, file_hash FROM books INDEXED BY books_cover_pending_idx
     WHERE cover_pending = 1 AND file_path > ? AND source = 'local' AND on_device = 1 ORDER BY file_path LIMIT ?`,
    [after ?? '', limit],
  );
  return rows.map((r) => ({ id: r.id, path: r.file_path, hash: r.file_hash }));
}

export async function countPendingCovers(db: Db): Promise<number> {
  const r = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM books INDEXED BY books_cover_pending_idx WHERE cover_pending = 1');
  return Number(r?.n ?? 0);
}

/**
 * The cover pass's result for one book: its cover file, or null when none could be drawn. Applies
 * only while the book still holds the content the cover was drawn from and still owes it (a scan
 * may have changed or removed it meanwhile); returns whether it applied. Not a change sync sees.
 */
export async function setDrawnCover(db: Db, id: string, hash: string, coverPath: string | null): Promise<boolean> {
  return (await db.run('UPDATE books SET cover_path = ?, cover_pending = 0 WHERE id = ? AND file_hash = ? AND cover_pending = 1', [coverPath, id, hash])) > 0;
}

/** Removes a book; its progress and collection links go with it (ON DELETE CASCADE). */
export async function deleteBook(db: Db, id: string): Promise<number> {
  return db.run('DELETE FROM books WHERE id = ?', [id]);
}

/** Removes every S3 book; returns how many, and their covers (to delete from OPFS). */
export async function deleteS3Books(db: Db): Promise<{ removed: number; covers: string[] }> {
  const rows = await db.all<{ cover_path: string }>(`SELECT cover_path FROM books WHERE source = 's3' AND cover_path IS NOT NULL`);
  const removed = await db.run(`DELETE FROM books WHERE source = 's3'`);
  return { removed, covers: rows.map((r) => r.cover_path) };
}

export async function getBook(db: Db, id: string): Promise<Book | undefined> {
  const r = await db.get<BookRow>('SELECT * FROM books WHERE id = ?', [id]);
  return r && toBook(r);
}

export async function countBooks(db: Db): Promise<number> {
  const r = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM books');
  return Number(r?.n ?? 0);
}

export async function countS3Books(db: Db): Promise<number> {
  const r = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM books WHERE source = 's3'`);
  return Number(r?.n ?? 0);
}

/** Which of these cover files a book row, local or S3, still points to. */
export async function coversInUse(db: Db, coverPaths: readonly string[]): Promise<string[]> {
  if (!coverPaths.length) return [];
  const rows = await db.all<{ cover_path: string }>(
    `SELECT cover_path FROM books WHERE cover_path IN (${coverPaths.map(() => '?').join(', ')})`,
    coverPaths,
  );
  return rows.map((r) => r.cover_path);
}

export async function getBookByHash(db: Db, hash: string): Promise<Book | undefined> {
  const r = await db.get<BookRow>('SELECT * FROM books WHERE file_hash = ?', [hash]);
  return r && toBook(r);
}

/** Book ids by file hash, for many hashes at once (the hashes this device has). */
export async function bookIdsByHash(db: Db, hashes: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < hashes.length; i += 400) {
    const part = hashes.slice(i, i + 400);
    const rows = await db.all<{ id: string; file_hash: string }>(`SELECT id, file_hash FROM books WHERE file_hash IN (${part.map(() => '?').join(', ')})`, part);
    for (const r of rows) out.set(r.file_hash, r.id);
  }
  return out;
}

/** Other devices' descriptions of books this device also has (sync: metadata only, never paths), indexed for search together. */
export async function applySyncedBooksMetadata(
  db: Db,
  list: readonly { id: string; m: { title: string; author: string | null; description: string | null; pageCount: number | null } }[],
): Promise<void> {
  const now = nowSeconds();
  for (const { id, m } of list)
    await db.run('UPDATE books SET title = ?, author = ?, description = ?, page_count = ?, updated_at = ? WHERE id = ?', [
      m.title, m.author, m.description, m.pageCount, now, id,
    ]);
  await indexBooks(db, list.map((x) => x.id));
}

/**
 * Books from other devices' records, inserted and indexed for search in bulk (a join brings
 * thousands). A bucket's book (`s3`) opens here at once, from the same key. A book from a folder
 * on another device is listed as "Not on this device" (filed under remotePath, so no scan lists
 * it) until this device's folder holds the same file. Returns the new ids.
 */
export async function addSyncedBooks(db: Db, list: readonly { hash: string; book: SyncedBook; s3: { bucket: string | null; key: string; etag: string | null } | null }[]): Promise<string[]> {
  const rows: Row[] = list.map(({ hash, book: b, s3 }) => ({
    id: crypto.randomUUID(), title: b.title, author: b.author, description: b.description, fileType: b.fileType,
    filePath: s3 ? s3.key : remotePath(hash), fileSize: b.fileSize, fileHash: hash, fileMtime: null, coverPath: null,
    pageCount: b.pageCount, addedAt: b.addedAt, source: s3 ? 's3' : 'local', s3Bucket: s3 ? s3.bucket : null,
    s3Etag: s3 ? s3.etag : null, onDevice: !!s3,
  }));
  await insertRows(db, rows, nowSeconds());
  await indexBooks(db, rows.map((r) => r.id));
  return rows.map((r) => r.id);
}

type SyncedBook = { title: string; author: string | null; description: string | null; fileType: FileType; fileSize: number; pageCount: number | null; addedAt: number };

/** Where a book that is not on this device is filed: a hidden name no folder scan lists. */
export const remotePath = (hash: string) => `.alex-remote/${hash}`;

/**
 * This device's folder has the file of a book that was not on it (same SHA-256): the row becomes
 * an ordinary local book, keeping its id, collections and progress. Title and author stay the
 * library's (they may have been edited on another device); the file's own cover and page count fill in.
 */
export async function claimRemoteBook(db: Db, id: string, file: LocalFile, b: ScannedBook, now: number): Promise<void> {
  await db.run(
    `UPDATE books SET file_path = ?, file_size = ?, file_mtime = ?, cover_path = ?, page_count = COALESCE(page_count, ?),
       on_device = 1, updated_at = ?, cover_pending = ? WHERE id = ? AND on_device = 0`,
    [file.path, file.size, file.mtime, b.coverPath, b.pageCount, now, pendingCover(b) ? 1 : 0, id],
  );
}
