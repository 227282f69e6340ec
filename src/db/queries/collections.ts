import type { Db } from '../Db';
import { nowSeconds, type Collection } from '../../domain/types';

interface CollectionRow {
  id: string;
  user_id: string;
  name: string;
  description: string | null;
  share_token: string | null;
  shared_at: number | null;
  created_at: number;
}

export function toCollection(r: CollectionRow): Collection {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    description: r.description,
    shareToken: r.share_token,
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
  const r = await db.get<CollectionRow>('SELECT * FROM collections WHERE id = ?', [id]);
  return r && toCollection(r);
}

export async function listCollectionsOfUser(db: Db, userId: string): Promise<Collection[]> {
  const rows = await db.all<CollectionRow>('SELECT * FROM collections WHERE user_id = ? ORDER BY name COLLATE NOCASE', [userId]);
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
