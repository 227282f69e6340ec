/**
 * A synced row as a change record: what this device uploads for a changed row, and what a
 * snapshot holds for every row. Local-only fields (paths, covers, share links, sessions) stay out.
 */
import type { Db } from '../../db/Db';
import { getAnnotationWithBookHash } from '../../db/queries/annotations';
import { getBookByHash } from '../../db/queries/books';
import { getCollection, memberAddedAt } from '../../db/queries/collections';
import { getProgress } from '../../db/queries/progress';
import type { SyncKind } from '../../db/queries/syncState';
import { getUserById } from '../../db/queries/users';
import { splitKey, type SyncRecord } from './records';

export interface ProgressMeta {
  c: string | null;
  r: string | null;
}

export function parseMeta(meta: string | null | undefined): ProgressMeta {
  if (!meta) return { c: null, r: null };
  const m = JSON.parse(meta) as Partial<ProgressMeta>;
  return { c: m.c ?? null, r: m.r ?? null };
}

/**
 * The row's record stamped `h`, a tombstone when the row is gone, or null when it is not synced.
 * `known`: the library already has a version of the row (an annotation made and deleted before
 * it was ever uploaded needs no tombstone).
 */
export async function readRecord(db: Db, kind: SyncKind, key: string, h: string, meta: ProgressMeta, known = true): Promise<SyncRecord | null> {
  switch (kind) {
    case 'user': {
      const u = await getUserById(db, key);
      if (!u) return { t: 'user', k: key, h, d: 1 };
      return { t: 'user', k: key, h, v: { email: u.email, passwordHash: u.passwordHash, displayName: u.displayName, role: u.role, createdAt: u.createdAt, updatedAt: u.updatedAt } };
    }
    case 'collection': {
      const c = await getCollection(db, key);
      if (!c) return { t: 'collection', k: key, h, d: 1 };
      return { t: 'collection', k: key, h, v: { userId: c.userId, name: c.name, description: c.description, createdAt: c.createdAt } };
    }
    case 'member': {
      const { owner, hash } = splitKey(key);
      const b = await getBookByHash(db, hash);
      // The book itself left this device: its links went with it, which is not a removal to sync.
      if (!b) return null;
      const addedAt = await memberAddedAt(db, owner, b.id);
      return addedAt != null ? { t: 'member', k: key, h, v: { addedAt } } : { t: 'member', k: key, h, d: 1 };
    }
    case 'progress': {
      const { owner, hash } = splitKey(key);
      const b = await getBookByHash(db, hash);
      const p = b && (await getProgress(db, owner, b.id));
      if (!p) return null;
      const { currentPage, totalPages, epubLocation, percentComplete, status, lastReadAt } = p;
      return { t: 'progress', k: key, h, c: meta.c, r: meta.r, v: { currentPage, totalPages, epubLocation, percentComplete, status, lastReadAt } };
    }
    case 'annotation': {
      const a = await getAnnotationWithBookHash(db, key);
      if (!a) return known ? { t: 'annotation', k: key, h, d: 1 } : null;
      const { id: _id, bookId: _bookId, bookHash, fileHash, ...rest } = a;
      return { t: 'annotation', k: key, h, v: { ...rest, book: fileHash, madeOn: bookHash } };
    }
    case 'book': {
      const b = await getBookByHash(db, key);
      if (!b) return null;
      return {
        t: 'book', k: key, h,
        v: {
          title: b.title, author: b.author, description: b.description, fileType: b.fileType, fileSize: b.fileSize,
          pageCount: b.pageCount, addedAt: b.addedAt,
          s3: b.source === 's3' ? { bucket: b.s3Bucket, key: b.filePath, etag: b.s3Etag } : null,
        },
      };
    }
  }
}
