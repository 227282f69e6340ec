/**
 * The sync_* tables (migration 0008): their one writer and their reads. The triggers of 0008
 * fill sync_dirty; everything else here is written by the sync engine (src/sync/merge/).
 */
import type { ReadingProgress } from '../../domain/types';
import type { Db } from '../Db';

export type SyncKind = 'user' | 'collection' | 'member' | 'progress' | 'book' | 'annotation';

export interface DirtyRow {
  kind: SyncKind;
  key: string;
  changed_at: number;
  completed_at: number | null;
  reset_at: number | null;
}

export interface RowVersion {
  hlc: string;
  deleted: boolean;
  meta: string | null;
}

/** Turns the change triggers on (sync is on, and not applying) or off. */
export async function setRecording(db: Db, on: boolean): Promise<void> {
  await db.run('UPDATE sync_mode SET recording = ? WHERE id = 1', [on ? 1 : 0]);
}

export async function isRecording(db: Db): Promise<boolean> {
  const r = await db.get<{ recording: number }>('SELECT recording FROM sync_mode WHERE id = 1');
  return Number(r?.recording ?? 0) === 1;
}

/**
 * Runs `fn` with the triggers off, so rows written from other devices' records are not
 * recorded as this device's changes. Inside the caller's transaction: the flag never outlives it.
 */
export async function withoutRecording<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  return db.transaction(async () => {
    const was = await isRecording(db);
    await setRecording(db, false);
    try {
      return await fn();
    } finally {
      await setRecording(db, was);
    }
  });
}

export async function listDirty(db: Db, limit: number): Promise<DirtyRow[]> {
  const rows = await db.all<DirtyRow>('SELECT * FROM sync_dirty ORDER BY changed_at LIMIT ?', [limit]);
  return rows.map((r) => ({
    ...r,
    changed_at: Number(r.changed_at),
    completed_at: r.completed_at == null ? null : Number(r.completed_at),
    reset_at: r.reset_at == null ? null : Number(r.reset_at),
  }));
}

export async function getDirty(db: Db, kind: SyncKind, key: string): Promise<DirtyRow | undefined> {
  return (await db.get<DirtyRow>('SELECT * FROM sync_dirty WHERE kind = ? AND key = ?', [kind, key])) ?? undefined;
}

export async function countDirty(db: Db): Promise<number> {
  return Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM sync_dirty'))?.n ?? 0);
}

/** Removes uploaded changes, unless the row changed again since (a newer changed_at). */
export async function clearDirty(db: Db, sent: Pick<DirtyRow, 'kind' | 'key' | 'changed_at'>[]): Promise<void> {
  for (const d of sent) await db.run('DELETE FROM sync_dirty WHERE kind = ? AND key = ? AND changed_at <= ?', [d.kind, d.key, d.changed_at]);
}

/** Keeps the change queued, without its completed/reset times (the row's stamps hold them now). */
export async function clearDirtyStamps(db: Db, kind: SyncKind, key: string): Promise<void> {
  await db.run('UPDATE sync_dirty SET completed_at = NULL, reset_at = NULL WHERE kind = ? AND key = ?', [kind, key]);
}

export async function dropDirty(db: Db, kind: SyncKind, key: string): Promise<void> {
  await db.run('DELETE FROM sync_dirty WHERE kind = ? AND key = ?', [kind, key]);
}

/** Records every synced row as changed: the first upload after turning sync on or joining. */
export async function markAllDirty(db: Db, nowMs: number, onlyUnversioned: boolean): Promise<void> {
  const unversioned = (kind: string, key: string) =>
    onlyUnversioned ? `AND NOT EXISTS (SELECT 1 FROM sync_rows v WHERE v.kind = '${kind}' AND v.key = ${key})` : '';
  const sources: [string, string, string][] = [
    ['user', 'u.id', 'FROM users u WHERE 1'],
    ['book', 'b.file_hash', 'FROM books b WHERE 1'],
    ['collection', 'c.id', 'FROM collections c WHERE 1'],
    ['member', "cb.collection_id || '|' || b.file_hash", 'FROM collection_books cb JOIN books b ON b.id = cb.book_id WHERE 1'],
    ['progress', "p.user_id || '|' || b.file_hash", 'FROM reading_progress p JOIN books b ON b.id = p.book_id WHERE 1'],
    ['annotation', 'a.id', 'FROM annotations a WHERE 1'],
  ];
  for (const [kind, key, from] of sources)
    await db.run(`INSERT OR IGNORE INTO sync_dirty (kind, key, changed_at) SELECT '${kind}', ${key}, ? ${from} ${unversioned(kind, key)}`, [nowMs]);
}

export async function getVersion(db: Db, kind: SyncKind, key: string): Promise<RowVersion | undefined> {
  const r = await db.get<{ hlc: string; deleted: number; meta: string | null }>('SELECT hlc, deleted, meta FROM sync_rows WHERE kind = ? AND key = ?', [kind, key]);
  return r && { hlc: r.hlc, deleted: Number(r.deleted) === 1, meta: r.meta };
}

export async function setVersion(db: Db, kind: SyncKind, key: string, v: RowVersion): Promise<void> {
  await db.run('INSERT OR REPLACE INTO sync_rows (kind, key, hlc, deleted, meta) VALUES (?, ?, ?, ?, ?)', [kind, key, v.hlc, v.deleted ? 1 : 0, v.meta]);
}

// Keys per statement in the bulk reads and writes below (a join applies thousands of rows).
const KEYS_CHUNK = 200;

function chunked<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += KEYS_CHUNK) out.push(list.slice(i, i + KEYS_CHUNK));
  return out;
}

const marks = (n: number) => Array(n).fill('?').join(', ');

/** getVersion for many keys of one kind at once. */
export async function getVersions(db: Db, kind: SyncKind, keys: readonly string[]): Promise<Map<string, RowVersion>> {
  const out = new Map<string, RowVersion>();
  for (const part of chunked(keys)) {
    const rows = await db.all<{ key: string; hlc: string; deleted: number; meta: string | null }>(
      `SELECT key, hlc, deleted, meta FROM sync_rows WHERE kind = ? AND key IN (${marks(part.length)})`,
      [kind, ...part],
    );
    for (const r of rows) out.set(r.key, { hlc: r.hlc, deleted: Number(r.deleted) === 1, meta: r.meta });
  }
  return out;
}

/** getDirty for many keys of one kind at once. */
export async function getDirtyRows(db: Db, kind: SyncKind, keys: readonly string[]): Promise<Map<string, DirtyRow>> {
  const out = new Map<string, DirtyRow>();
  for (const part of chunked(keys)) {
    for (const r of await db.all<DirtyRow>(`SELECT * FROM sync_dirty WHERE kind = ? AND key IN (${marks(part.length)})`, [kind, ...part])) out.set(r.key, r);
  }
  return out;
}

export async function setVersions(db: Db, kind: SyncKind, list: readonly { key: string; v: RowVersion }[]): Promise<void> {
  for (const part of chunked(list)) {
    const params: (string | number | null)[] = [];
    for (const { key, v } of part) params.push(kind, key, v.hlc, v.deleted ? 1 : 0, v.meta);
    await db.run(`INSERT OR REPLACE INTO sync_rows (kind, key, hlc, deleted, meta) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, params);
  }
}

export async function dropDirtyKeys(db: Db, kind: SyncKind, keys: readonly string[]): Promise<void> {
  for (const part of chunked(keys)) await db.run(`DELETE FROM sync_dirty WHERE kind = ? AND key IN (${marks(part.length)})`, [kind, ...part]);
}

export async function dropPendingKeys(db: Db, kind: SyncKind, keys: readonly string[]): Promise<void> {
  for (const part of chunked(keys)) await db.run(`DELETE FROM sync_pending WHERE kind = ? AND key IN (${marks(part.length)})`, [kind, ...part]);
}

export async function listVersions(db: Db): Promise<({ kind: SyncKind; key: string } & RowVersion)[]> {
  const rows = await db.all<{ kind: SyncKind; key: string; hlc: string; deleted: number; meta: string | null }>('SELECT * FROM sync_rows ORDER BY kind, key');
  return rows.map((r) => ({ kind: r.kind, key: r.key, hlc: r.hlc, deleted: Number(r.deleted) === 1, meta: r.meta }));
}

export async function putPending(db: Db, kind: SyncKind, key: string, hash: string, record: unknown): Promise<void> {
  await db.run('INSERT OR REPLACE INTO sync_pending (kind, key, hash, record) VALUES (?, ?, ?, ?)', [kind, key, hash, JSON.stringify(record)]);
}

export async function dropPending(db: Db, kind: SyncKind, key: string): Promise<void> {
  await db.run('DELETE FROM sync_pending WHERE kind = ? AND key = ?', [kind, key]);
}

/** Records waiting for a book: all of them, or only those whose book is now on this device. */
export async function listPending(db: Db, onlyApplicable: boolean): Promise<unknown[]> {
  const rows = await db.all<{ record: string }>(
    onlyApplicable
      ? // A book's own record always applies now (migration 0009 lists it as not on this device).
        "SELECT p.record FROM sync_pending p WHERE p.kind = 'book' OR EXISTS (SELECT 1 FROM books b WHERE b.file_hash = p.hash)"
      : 'SELECT record FROM sync_pending ORDER BY kind, key',
  );
  return rows.map((r) => JSON.parse(r.record) as unknown);
}

export async function getState(db: Db, key: string): Promise<string | null> {
  return (await db.get<{ value: string }>('SELECT value FROM sync_state WHERE key = ?', [key]))?.value ?? null;
}

export async function setState(db: Db, key: string, value: string | null): Promise<void> {
  if (value == null) await db.run('DELETE FROM sync_state WHERE key = ?', [key]);
  else await db.run('INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)', [key, value]);
}

export type SyncOffer = Pick<ReadingProgress, 'userId' | 'bookId' | 'currentPage' | 'totalPages' | 'epubLocation' | 'percentComplete'> & { offeredAt: number };

export async function putOffer(db: Db, o: SyncOffer): Promise<void> {
  await db.run(
    `INSERT OR REPLACE INTO sync_offers (user_id, book_id, current_page, total_pages, epub_location, percent_complete, offered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [o.userId, o.bookId, o.currentPage, o.totalPages, o.epubLocation, o.percentComplete, o.offeredAt],
  );
}

export async function getOffer(db: Db, userId: string, bookId: string): Promise<SyncOffer | undefined> {
  const r = await db.get<{ current_page: number | null; total_pages: number | null; epub_location: string | null; percent_complete: number; offered_at: number }>(
    'SELECT * FROM sync_offers WHERE user_id = ? AND book_id = ?',
    [userId, bookId],
  );
  return (
    r && {
      userId, bookId,
      currentPage: r.current_page == null ? null : Number(r.current_page),
      totalPages: r.total_pages == null ? null : Number(r.total_pages),
      epubLocation: r.epub_location,
      percentComplete: Number(r.percent_complete),
      offeredAt: Number(r.offered_at),
    }
  );
}

export async function dropOffer(db: Db, userId: string, bookId: string): Promise<void> {
  await db.run('DELETE FROM sync_offers WHERE user_id = ? AND book_id = ?', [userId, bookId]);
}

/**
 * A library nobody has used yet: no books, no account but the seeded administrator. Only such a
 * device may join a synced library from the sign-in page, where nobody is signed in: joining
 * brings the library's accounts, so on a used device it would let anyone holding a bucket and
 * its passphrase add an administrator.
 */
export async function isUnusedLibrary(db: Db, seededAdminId: string): Promise<boolean> {
  const r = await db.get<{ books: number; users: number }>(
    'SELECT (SELECT COUNT(*) FROM books) AS books, (SELECT COUNT(*) FROM users WHERE id <> ?) AS users',
    [seededAdminId],
  );
  return Number(r?.books ?? 0) === 0 && Number(r?.users ?? 0) === 0;
}
