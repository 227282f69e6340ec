import type { Db } from '../Db';
import { AppError, isAppError } from '../../domain/errors';
import { nowSeconds } from '../../domain/types';
import type { S3IndexPage, S3Write, ScanWriteResult } from '../api';
import { addS3Book, deleteBook, replaceS3BookObject, setS3Etag } from './books';
import { checkBook } from './scan';

const MAX_KEY = 1024;

export async function s3IndexPage(db: Db, after: string | null, limit: number): Promise<S3IndexPage> {
  const rows = await db.all<{ id: string; file_path: string; s3_etag: string | null; file_hash: string; file_size: number; cover_path: string | null }>(
    `SELECT id, file_path, s3_etag, file_hash, file_size, cover_path FROM books
     WHERE source = 's3' AND file_path > ? ORDER BY file_path LIMIT ?`,
    [after ?? '', limit],
  );
  const entries = rows.map((r) => ({ id: r.id, key: r.file_path, etag: r.s3_etag, hash: r.file_hash, size: Number(r.file_size), coverPath: r.cover_path }));
  return { entries, next: entries.length === limit ? entries[entries.length - 1]!.key : null };
}

function bad(what: string): never {
  throw new AppError('INVALID_INPUT', `Invalid S3 write: ${what}`);
}

function checkObject(w: { key: unknown; etag: unknown; size: unknown; hash: unknown }) {
  if (typeof w.key !== 'string' || !w.key || w.key.length > MAX_KEY) bad('key');
  if (typeof w.etag !== 'string') bad('etag');
  if (!Number.isSafeInteger(w.size) || (w.size as number) < 0) bad('size');
  if (typeof w.hash !== 'string' || !/^[0-9a-f]{64}$/.test(w.hash)) bad('hash');
}

async function s3Book(db: Db, id: unknown) {
  if (typeof id !== 'string') bad('id');
  return db.get<{ id: string; cover_path: string | null }>("SELECT id, cover_path FROM books WHERE id = ? AND source = 's3'", [id]);
}

const GONE: ScanWriteResult = { status: 'failed', reason: 'the book is no longer in the library' };

async function applyOne(db: Db, w: S3Write, bucket: string, now: number): Promise<ScanWriteResult> {
  switch (w.kind) {
    case 'insert': {
      checkObject(w);
      const b = checkBook(w.book, w.key);
      const same = await db.get<{ file_path: string }>('SELECT file_path FROM books WHERE file_hash = ?', [w.hash]);
      if (same) return { status: 'duplicate', existingPath: same.file_path };
      const taken = await db.get<{ source: string }>('SELECT source FROM books WHERE file_path = ?', [w.key]);
      if (taken) return { status: 'failed', reason: taken.source === 's3' ? 'another book already has this key' : 'a local book already has this path' };
      return { status: 'ok', id: await addS3Book(db, w, bucket, w.hash, b, now) };
    }
    case 'update': {
      checkObject(w);
      const b = checkBook(w.book, w.key);
      const row = await s3Book(db, w.id);
      if (!row) return GONE;
      const same = await db.get<{ file_path: string }>('SELECT file_path FROM books WHERE file_hash = ? AND id <> ?', [w.hash, w.id]);
      if (same) return { status: 'duplicate', existingPath: same.file_path };
      await replaceS3BookObject(db, w.id, w, bucket, w.hash, b, now);
      return { status: 'ok', id: w.id, staleCover: row.cover_path !== b.coverPath ? row.cover_path : null };
    }
    case 'touch': {
      if (typeof w.etag !== 'string') bad('etag');
      if (!(await s3Book(db, w.id))) return GONE;
      await setS3Etag(db, w.id, w.etag);
      return { status: 'ok', id: w.id };
    }
    case 'delete': {
      const row = await s3Book(db, w.id);
      if (!row) return { status: 'ok', id: String(w.id), staleCover: null };
      await deleteBook(db, w.id);
      return { status: 'ok', id: w.id, staleCover: row.cover_path };
    }
    default:
      bad('kind');
  }
}

/** Applies writes in order, each in its own savepoint; a broken rule is a result. Run inside libraryWrite. */
export async function applyS3Writes(db: Db, writes: readonly S3Write[], bucket: string): Promise<ScanWriteResult[]> {
  const now = nowSeconds();
  const results: ScanWriteResult[] = [];
  for (const w of writes) {
    try {
      results.push(await db.transaction(() => applyOne(db, w, bucket, now)));
    } catch (e) {
      if (isAppError(e, 'INVALID_INPUT')) throw e;
      results.push({ status: 'failed', reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return results;
}
