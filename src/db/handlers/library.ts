import type { LibraryApi } from '../api';
import type { HandlerContext } from '../context';
import { AppError } from '../../domain/errors';
import { normaliseQuery, showsNowReading } from '../../domain/library';
import { getBook } from '../queries/books';
import { getProgress } from '../queries/progress';
import { collectionsHoldingBook, getCollection } from '../queries/collections';
import { listBookPage, nowReading } from '../queries/library';
import { drainIndexQueue } from '../queries/searchIndex';
import { requireUser } from './guard';

export const MAX_PAGE = 200;

/** Offset and limit from the page, clamped: they go straight into SQL. */
export function pageBounds(page: unknown): { offset: number; limit: number; count: boolean; after?: string } {
  const p = (page ?? {}) as Record<string, unknown>;
  const int = (v: unknown, min: number, max: number, fallback: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.floor(v))) : fallback;
  return {
    offset: int(p.offset, 0, Number.MAX_SAFE_INTEGER, 0),
    limit: int(p.limit, 0, MAX_PAGE, 60),
    count: p.count === true,
    after: typeof p.after === 'string' ? p.after : undefined,
  };
}

export function libraryHandlers(ctx: HandlerContext): LibraryApi {
  const { db } = ctx;

  /** The caller's own collection; anyone else's is "not found", so its existence is not told. */
  async function ownCollection(userId: string, collectionId: unknown): Promise<string | undefined> {
    if (collectionId == null) return undefined;
    const c = await getCollection(db, String(collectionId));
    if (!c || c.userId !== userId) throw new AppError('NOT_FOUND', 'This collection does not exist.');
    return c.id;
  }

  return {
    async listBooks(token, queryInput, page, collectionId) {
      const { user } = await requireUser(ctx, token);
      const cid = await ownCollection(user.id, collectionId);
      // Books written around the repository code wait in a queue for the search index.
      const indexing = await drainIndexQueue(db);
      const query = normaliseQuery(queryInput);
      const result = await listBookPage(db, { userId: user.id, collectionId: cid, excludeReading: showsNowReading(query) }, query, pageBounds(page));
      return { ...result, indexing };
    },

    async nowReading(token, collectionId) {
      const { user } = await requireUser(ctx, token);
      return nowReading(db, user.id, await ownCollection(user.id, collectionId));
    },

    async getBookDetails(token, bookId) {
      const { user } = await requireUser(ctx, token);
      const book = await getBook(db, String(bookId));
      if (!book) throw new AppError('NOT_FOUND', 'This book is no longer in the library.');
      const collections = await collectionsHoldingBook(db, user.id, book.id);
      return { book, progress: (await getProgress(db, user.id, book.id)) ?? null, collections };
    },
  };
}
