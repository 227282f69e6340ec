/**
 * The collections and collection_books tables: their one writer (sync will record each change
 * here) and their reads.
 */
import type { Db } from '../Db';
import { sha256Hex } from './sessions';
import { nowSeconds, type Collection } from '../../domain/types';
import type { CollectionChoice, CollectionSummary } from '../../domain/collections';

interface CollectionRow {
  id: string;
  user_id: string;
  name: string;
  description: string | null;
  share_token: string | null;
  shared_at: number | null;
  created_at: number;
  /** From share_links: the token itself, known only in this browser. */
  link_token: string | null;
}

/** A collection row with its link's token (collections.share_token holds only its hash). */
const WITH_LINK = 'SELECT c.*, l.token AS link_token FROM collections c LEFT JOIN share_links l ON l.collection_id = c.id';

export function toCollection(r: CollectionRow): Collection {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    description: r.description,
    shareToken: r.share_token == null ? null : r.link_token,
    sharedAt: r.shared_at == null ? null : Number(r.shared_at),
    createdAt: Number(r.created_at),
  };
}

export async function insertCollection(db: Db, userId: string, name: string, description: string | null = null): Promise<Collection> {
  const id = crypto.randomUUID();
  await db.run('INSERT INTO collections (id, user_id, name, description, created_at) VALUES (?, ?, ?, ?, ?)', [
    id, userId, name, description, nowSeconds(),
  ]);
  return (await getCollection(db, id))!;
}

export async function getCollection(db: Db, id: string): Promise<Collection | undefined> {
  const r = await db.get<CollectionRow>(`${WITH_LINK} WHERE c.id = ?`, [id]);
  return r && toCollection(r);
}

export async function listCollectionsOfUser(db: Db, userId: string): Promise<Collection[]> {
  const rows = await db.all<CollectionRow>(`${WITH_LINK} WHERE c.user_id = ? ORDER BY c.name COLLATE NOCASE`, [userId]);
  return rows.map(toCollection);
}

export async function deleteCollection(db: Db, id: string): Promise<number> {
  return db.run('DELETE FROM collections WHERE id = ?', [id]);
}

export async function addBookToCollection(db: Db, collectionId: string, bookId: string): Promise<void> {
  await db.run('INSERT INTO collection_books (collection_id, book_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [
    collectionId, bookId, nowSeconds(),
  ]);
}

export async function removeBookFromCollection(db: Db, collectionId: string, bookId: string): Promise<void> {
  await db.run('DELETE FROM collection_books WHERE collection_id = ? AND book_id = ?', [collectionId, bookId]);
}

interface SummaryRow extends CollectionRow {
  book_count: number;
}

/** The user's collections with their book counts and a three-book preview, by name. */
export async function listCollectionSummaries(db: Db, userId: string, onlyId?: string): Promise<CollectionSummary[]> {
  const rows = await db.all<SummaryRow>(
    `SELECT c.*, l.token AS link_token, (SELECT COUNT(*) FROM collection_books cb WHERE cb.collection_id = c.id) AS book_count
     FROM collections c LEFT JOIN share_links l ON l.collection_id = c.id WHERE c.user_id = ? ${onlyId ? 'AND c.id = ?' : ''} ORDER BY c.name COLLATE NOCASE, c.created_at`,
    onlyId ? [userId, onlyId] : [userId],
  );
  if (!rows.length) return [];
  const preview = await db.all<{ collection_id: string; id: string; title: string; author: string | null; cover_path: string | null }>(
    `SELECT collection_id, id, title, author, cover_path FROM (
       SELECT cb.collection_id, b.id, b.title, b.author, b.cover_path,
              ROW_NUMBER() OVER (PARTITION BY cb.collection_id ORDER BY cb.added_at DESC, b.seq DESC) AS n
       FROM collection_books cb JOIN books b ON b.id = cb.book_id
       WHERE cb.collection_id IN (${rows.map(() => '?').join(', ')})
     ) WHERE n <= 3 ORDER BY collection_id, n`,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    bookCount: Number(r.book_count),
    shareToken: r.share_token == null ? null : r.link_token,
    sharedAt: r.shared_at == null ? null : Number(r.shared_at),
    createdAt: Number(r.created_at),
    preview: preview
      .filter((p) => p.collection_id === r.id)
      .map((p) => ({ id: p.id, title: p.title, author: p.author, coverPath: p.cover_path })),
  }));
}

export async function updateCollection(db: Db, id: string, patch: { name?: string; description?: string | null }): Promise<void> {
  if (patch.name !== undefined) await db.run('UPDATE collections SET name = ? WHERE id = ?', [patch.name, id]);
  if (patch.description !== undefined) await db.run('UPDATE collections SET description = ? WHERE id = ?', [patch.description, id]);
}

/**
 * Sets (or, with null, removes) the collection's share token; the old one stops working at once.
 * The catalogue keeps the token's SHA-256; the token itself stays in this browser's share_links.
 */
export async function setShareToken(db: Db, id: string, token: string | null, now: number): Promise<void> {
  await db.run('UPDATE collections SET share_token = ?, shared_at = ? WHERE id = ?', [token ? await sha256Hex(token) : null, token ? now : null, id]);
  if (token) await db.run('INSERT INTO share_links (collection_id, token) VALUES (?, ?) ON CONFLICT (collection_id) DO UPDATE SET token = excluded.token', [id, token]);
  else await db.run('DELETE FROM share_links WHERE collection_id = ?', [id]);
}

export async function getCollectionByShareToken(db: Db, token: string): Promise<Collection | undefined> {
  const r = await db.get<CollectionRow>(`${WITH_LINK} WHERE c.share_token = ?`, [await sha256Hex(token)]);
  return r && toCollection(r);
}

/** Tokens stored as they are (before migration 0006, or written by an older app) become their hashes. */
export async function hashPlainShareTokens(db: Db): Promise<number> {
  const rows = await db.all<{ id: string; share_token: string }>("SELECT id, share_token FROM collections WHERE share_token IS NOT NULL AND length(share_token) <> 64");
  for (const r of rows) await db.run('UPDATE collections SET share_token = ? WHERE id = ?', [await sha256Hex(r.share_token), r.id]);
  return rows.length;
}

/** The links live in this browser: each token, with the collection it opens. */
export async function liveShareLinks(db: Db): Promise<{ collectionId: string; token: string }[]> {
  return db.all<{ collectionId: string; token: string }>(
    'SELECT l.collection_id AS collectionId, l.token FROM share_links l JOIN collections c ON c.id = l.collection_id WHERE c.share_token IS NOT NULL',
  );
}

/**
 * After a restore: a link works again only if it was live here before (same collection, same
 * token); every other link in the backup is stopped, so an old backup cannot revive a link its
 * owner stopped since. Returns how many links were stopped.
 */
export async function keepOnlyLiveShareLinks(db: Db, live: { collectionId: string; token: string }[]): Promise<number> {
  const keep: { collectionId: string; token: string; hash: string }[] = [];
  for (const l of live) keep.push({ ...l, hash: await sha256Hex(l.token) });
  await db.run('DELETE FROM share_links');
  const stopped = await db.run(
    `UPDATE collections SET share_token = NULL, shared_at = NULL
     WHERE share_token IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(?) k WHERE k.value ->> '$.collectionId' = collections.id AND k.value ->> '$.hash' = collections.share_token)`,
    [JSON.stringify(keep.map(({ collectionId, hash }) => ({ collectionId, hash })))],
  );
  for (const l of keep)
    await db.run('INSERT INTO share_links (collection_id, token) SELECT id, ? FROM collections WHERE id = ? AND share_token = ?', [l.token, l.collectionId, l.hash]);
  return stopped;
}

export async function isBookInCollection(db: Db, collectionId: string, bookId: string): Promise<boolean> {
  return !!(await db.get('SELECT 1 AS x FROM collection_books WHERE collection_id = ? AND book_id = ?', [collectionId, bookId]));
}

export async function countCollectionBooks(db: Db, collectionId: string): Promise<number> {
  const r = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM collection_books WHERE collection_id = ?', [collectionId]);
  return Number(r?.n ?? 0);
}

/** Every collection of the user, ticked when it holds the book (the "Add to collection…" list). */
export async function collectionChoices(db: Db, userId: string, bookId: string): Promise<CollectionChoice[]> {
  const rows = await db.all<{ id: string; name: string; member: number }>(
    `SELECT c.id, c.name, EXISTS (SELECT 1 FROM collection_books cb WHERE cb.collection_id = c.id AND cb.book_id = ?) AS member
     FROM collections c WHERE c.user_id = ? ORDER BY c.name COLLATE NOCASE, c.created_at`,
    [bookId, userId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, member: !!Number(r.member) }));
}

/** The user's collections that hold the book, by name. */
export async function collectionsHoldingBook(db: Db, userId: string, bookId: string): Promise<{ id: string; name: string }[]> {
  return db.all<{ id: string; name: string }>(
    `SELECT c.id, c.name FROM collections c JOIN collection_books cb ON cb.collection_id = c.id
     WHERE c.user_id = ? AND cb.book_id = ? ORDER BY c.name COLLATE NOCASE`,
    [userId, bookId],
  );
}

/** Another device's version of a collection (sync). Share links stay per device. */
export async function putSyncedCollection(db: Db, id: string, c: { userId: string; name: string; description: string | null; createdAt: number }): Promise<void> {
  await db.run(
    `INSERT INTO collections (id, user_id, name, description, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description`,
    [id, c.userId, c.name, c.description, c.createdAt],
  );
}

/** A book put in a collection on another device (sync), with that device's time. */
export async function putSyncedMember(db: Db, collectionId: string, bookId: string, addedAt: number): Promise<void> {
  await db.run('INSERT INTO collection_books (collection_id, book_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [collectionId, bookId, addedAt]);
}

/** When the book joined the collection (ms or s as stored), or undefined when it is not in it. */
export async function memberAddedAt(db: Db, collectionId: string, bookId: string): Promise<number | undefined> {
  const r = await db.get<{ added_at: number }>('SELECT added_at FROM collection_books WHERE collection_id = ? AND book_id = ?', [collectionId, bookId]);
  return r ? Number(r.added_at) : undefined;
}
