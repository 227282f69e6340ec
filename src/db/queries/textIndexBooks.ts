import type { Db } from '../Db';
import type { TextIndexEntry } from '../api/textIndex';

const COLUMNS = `id, title, author, file_type AS fileType, file_hash AS fileHash, file_path AS filePath,
  file_size AS fileSize, source, s3_bucket AS s3Bucket, cover_path AS coverPath`;

export const TEXT_INDEX_PAGE = 2000;

export async function textIndexBooksAfter(db: Db, after: string | null, limit = TEXT_INDEX_PAGE): Promise<TextIndexEntry[]> {
  return db.all<TextIndexEntry>(`SELECT ${COLUMNS} FROM books WHERE id > ? AND on_device = 1 ORDER BY id LIMIT ?`, [after ?? '', limit]);
}

export async function booksWithHashes(db: Db, hashes: string[]): Promise<TextIndexEntry[]> {
  if (!hashes.length) return [];
  return db.all<TextIndexEntry>(`SELECT ${COLUMNS} FROM books WHERE on_device = 1 AND file_hash IN (${hashes.map(() => '?').join(',')})`, hashes);
}
