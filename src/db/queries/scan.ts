import { isCoverPath } from '../../domain/coverPath';
import type { Db } from '../Db';
import { AppError, isAppError } from '../../domain/errors';
import { nowSeconds } from '../../domain/types';
import type { ScanIndexPage, ScanWrite, ScanWriteResult, ScannedBook } from '../api';
import { addLocalBook, claimRemoteBook, deleteBook, moveLocalBook, parkLocalBook, replaceLocalBookFile, touchLocalBook } from './books';

const LIMITS = { title: 500, author: 500, description: 10_000, path: 4096 };

/**
 * Local books by path, keyset-paged on books_source_path_idx (migration 0004). Books only on
 * another device (sync, migration 0009) are left out: their absence here is not a deletion.
 */
export async function scanIndexPage(db: Db, after: string | null, limit: number): Promise<ScanIndexPage> {
  const rows = await db.all<{ id: string; file_path: string; file_size: number; file_mtime: number | null; file_hash: string; cover_path: string | null }>(
    `SELECT id, file_path, file_size, file_mtime, file_hash, cover_path FROM books
     WHERE source = 'local' AND file_path > ? AND on_device = 1 ORDER BY file_path LIMIT ?`,
    [after ?? '', limit],
  );
  const entries = rows.map((r) => ({
    id: r.id,
    path: r.file_path,
    size: Number(r.file_size),
    mtime: r.file_mtime == null ? null : Number(r.file_mtime),
    hash: r.file_hash,
    coverPath: r.cover_path,
  }));
  return { entries, next: entries.length === limit ? entries[entries.length - 1]!.path : null };
}

/** Control characters out, whitespace folded, length bounded: metadata is shown as text. */
export function clean(s: string | null | undefined, max: number): string | null {
  if (s == null) return null;
  // eslint-disable-next-line no-control-regex
  const t = String(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return t ? t.slice(0, max) : null;
}

function bad(what: string): never {
  throw new AppError('INVALID_INPUT', `Invalid scan write: ${what}`);
}

function checkStat(path: unknown, size: unknown, mtime: unknown): void {
  if (typeof path !== 'string' || !path || path.length > LIMITS.path || path.startsWith('/') || path.split('/').includes('..')) bad('path');
  if (!Number.isSafeInteger(size) || (size as number) < 0) bad('size');
  if (typeof mtime !== 'number' || !Number.isFinite(mtime)) bad('time');
}

function checkHash(hash: unknown): void {
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) bad('hash');
}

export function checkBook(b: ScannedBook, path: string): ScannedBook {
  if (!b || (b.fileType !== 'pdf' && b.fileType !== 'epub')) bad('file type');
  if (b.coverPath != null && !isCoverPath(b.coverPath)) bad('cover path');
  const pages = b.pageCount == null ? null : Math.trunc(Number(b.pageCount));
  const fallback = path.split('/').pop()!.replace(/\.[^.]+$/, '');
  return {
    fileType: b.fileType,
    title: clean(b.title, LIMITS.title) ?? clean(fallback, LIMITS.title) ?? 'Untitled',
    author: clean(b.author, LIMITS.author),
    description: clean(b.description, LIMITS.description),
    pageCount: pages != null && Number.isFinite(pages) && pages >= 0 ? pages : null,
    coverPath: b.coverPath ?? null,
    coverPending: b.coverPending === true && b.coverPath == null,
  };
}

interface Holder {
  id: string;
  file_path: string;
  source: string;
  on_device?: number;
}

async function holderOfHash(db: Db, hash: string, exceptId: string | null): Promise<Holder | undefined> {
  return db.get<Holder>('SELECT id, file_path, source, on_device FROM books WHERE file_hash = ? AND id IS NOT ?', [hash, exceptId]);
}

async function holderOfPath(db: Db, path: string, exceptId: string | null): Promise<Holder | undefined> {
  return db.get<Holder>('SELECT id, file_path, source FROM books WHERE file_path = ? AND id IS NOT ?', [path, exceptId]);
}

async function localBook(db: Db, id: unknown): Promise<{ id: string; cover_path: string | null } | undefined> {
  if (typeof id !== 'string') bad('id');
  return db.get("SELECT id, cover_path FROM books WHERE id = ? AND source = 'local'", [id]);
}

/**
 * A path another local book must give up (a move onto it, a swap): that book is parked under a
 * hidden name, which no scan lists, so if nothing moves it on it is found missing next time.
 */
async function freePath(db: Db, path: string, forId: string | null): Promise<ScanWriteResult | null> {
  const h = await holderOfPath(db, path, forId);
  if (!h) return null;
  if (h.source !== 'local') return { status: 'failed', reason: 'a book from the S3 bucket already has this path' };
  await parkLocalBook(db, h.id);
  return null;
}

const GONE: ScanWriteResult = { status: 'failed', reason: 'the book is no longer in the library' };

async function applyOne(db: Db, w: ScanWrite, now: number): Promise<ScanWriteResult> {
  switch (w.kind) {
    case 'insert': {
      checkStat(w.path, w.size, w.mtime);
      checkHash(w.hash);
      const b = checkBook(w.book, w.path);
      const same = await holderOfHash(db, w.hash, null);
      if (same && Number(same.on_device) !== 0) return { status: 'duplicate', existingPath: same.file_path };
      const taken = await holderOfPath(db, w.path, null);
      if (taken) return { status: 'failed', reason: taken.source === 'local' ? 'another book already has this path' : 'a book from the S3 bucket already has this path' };
      // Another device's book, and now this folder has its file: the same book, not a second one.
      if (same) {
        await claimRemoteBook(db, same.id, w, b, now);
        return { status: 'ok', id: same.id };
      }
      return { status: 'ok', id: await addLocalBook(db, w, w.hash, b, now) };
    }
    case 'update': {
      checkStat(w.path, w.size, w.mtime);
      checkHash(w.hash);
      const b = checkBook(w.book, w.path);
      const row = await localBook(db, w.id);
      if (!row) return GONE;
      const same = await holderOfHash(db, w.hash, w.id);
      if (same) return { status: 'duplicate', existingPath: same.file_path };
      const blocked = await freePath(db, w.path, w.id);
      if (blocked) return blocked;
      await replaceLocalBookFile(db, w.id, w, w.hash, b, now);
      return { status: 'ok', id: w.id, staleCover: row.cover_path !== b.coverPath ? row.cover_path : null };
    }
    case 'move': {
      checkStat(w.path, w.size, w.mtime);
      if (!(await localBook(db, w.id))) return GONE;
      const blocked = await freePath(db, w.path, w.id);
      if (blocked) return blocked;
      await moveLocalBook(db, w.id, w, now);
      return { status: 'ok', id: w.id };
    }
    case 'touch': {
      if (!Number.isSafeInteger(w.size) || typeof w.mtime !== 'number') bad('size or time');
      if (!(await localBook(db, w.id))) return GONE;
      await touchLocalBook(db, w.id, w.size, w.mtime);
      return { status: 'ok', id: w.id };
    }
    case 'delete': {
      const row = await localBook(db, w.id);
      if (!row) return { status: 'ok', id: w.id as string, staleCover: null };
      await deleteBook(db, w.id);
      return { status: 'ok', id: w.id, staleCover: row.cover_path };
    }
    default:
      bad('kind');
  }
}

/**
 * Applies writes in order. A write that breaks a rule (same content as another book, path
 * taken) was checked for before touching anything, and becomes its result. Run inside
 * libraryWrite. No savepoint per write: each costs a statement journal, which on OPFS is most
 * of a batch's time; applyScanWritesOneByOne is the fallback when something fails anyway.
 */
export async function applyScanWrites(db: Db, writes: readonly ScanWrite[]): Promise<ScanWriteResult[]> {
  const now = nowSeconds();
  const results: ScanWriteResult[] = [];
  for (const w of writes) results.push(await applyOne(db, w, now));
  return results;
}

/** The slow path: each write in its own savepoint, so one that fails leaves the others. */
export async function applyScanWritesOneByOne(db: Db, writes: readonly ScanWrite[]): Promise<ScanWriteResult[]> {
  const now = nowSeconds();
  const results: ScanWriteResult[] = [];
  for (const w of writes) {
    try {
      results.push(await db.transaction(() => applyOne(db, w, now)));
    } catch (e) {
      // Out of space is no fault of this book: the whole batch fails, and the scan stops.
      if (isAppError(e, 'INVALID_INPUT') || isAppError(e, 'QUOTA_EXCEEDED')) throw e;
      results.push({ status: 'failed', reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return results;
}
