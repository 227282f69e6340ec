import type { Db } from '../Db';
import { nowSeconds, type Book, type BookSource, type FileType } from '../../domain/types';
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
  };
}

export type NewBook = Omit<Book, 'id' | 'addedAt' | 'updatedAt' | 'source' | 's3Bucket' | 's3Etag' | 'fileMtime' | 'coverPath' | 'pageCount' | 'author' | 'description'> &
  Partial<Pick<Book, 'id' | 'addedAt' | 'source' | 's3Bucket' | 's3Etag' | 'fileMtime' | 'coverPath' | 'pageCount' | 'author' | 'description'>>;

export async function insertBook(db: Db, b: NewBook): Promise<Book> {
  const now = nowSeconds();
  const id = b.id ?? crypto.randomUUID();
  await db.run(
    `INSERT INTO books (id, title, author, description, file_type, file_path, file_size, file_hash, file_mtime,
       cover_path, page_count, added_at, updated_at, source, s3_bucket, s3_etag)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id, b.title, b.author ?? null, b.description ?? null, b.fileType, b.filePath, b.fileSize, b.fileHash,
      b.fileMtime ?? null, b.coverPath ?? null, b.pageCount ?? null, b.addedAt ?? now, now,
      b.source ?? 'local', b.s3Bucket ?? null, b.s3Etag ?? null,
    ],
  );
  // The search index and sort keys, at once (a trigger queued the book; this empties the queue).
  await indexBooks(db, [id]);
  return (await getBook(db, id))!;
}

const PATCHABLE: Record<string, string> = {
  title: 'title', author: 'author', description: 'description', fileType: 'file_type', filePath: 'file_path',
  fileSize: 'file_size', fileHash: 'file_hash', fileMtime: 'file_mtime', coverPath: 'cover_path',
  pageCount: 'page_count', s3Bucket: 's3_bucket', s3Etag: 's3_etag', source: 'source',
};

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

export async function getBook(db: Db, id: string): Promise<Book | undefined> {
  const r = await db.get<BookRow>('SELECT * FROM books WHERE id = ?', [id]);
  return r && toBook(r);
}

export async function getBookByHash(db: Db, hash: string): Promise<Book | undefined> {
  const r = await db.get<BookRow>('SELECT * FROM books WHERE file_hash = ?', [hash]);
  return r && toBook(r);
}

export async function getBookByPath(db: Db, path: string): Promise<Book | undefined> {
  const r = await db.get<BookRow>('SELECT * FROM books WHERE file_path = ?', [path]);
  return r && toBook(r);
}

export async function countBooks(db: Db): Promise<number> {
  const r = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM books');
  return Number(r?.n ?? 0);
}

export async function deleteBook(db: Db, id: string): Promise<number> {
  return db.run('DELETE FROM books WHERE id = ?', [id]);
}
