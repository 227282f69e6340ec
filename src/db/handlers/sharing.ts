import type { SharedApi } from '../api';
import type { HandlerContext } from '../context';
import { AppError } from '../../domain/errors';
import { DEFAULT_QUERY } from '../../domain/library';
import { isShareTokenShape } from '../../domain/shareToken';
import type { Collection } from '../../domain/types';
import { getBook } from '../queries/books';
import { countCollectionBooks, getCollectionByShareToken, isBookInCollection } from '../queries/collections';
import { listBookPage } from '../queries/library';
import { getSetting } from '../queries/settings';
import { drainIndexQueue } from '../queries/searchIndex';
import { pageBounds } from './library';

const GONE = 'This link is no longer shared.';

/**
 * Public calls behind /shared/<token>: no session, so the token is the only key. It opens one
 * collection's name, description and books, never its owner, and no book outside it.
 */
export function sharingHandlers(ctx: HandlerContext): SharedApi {
  const { db } = ctx;

  async function shared(shareToken: unknown): Promise<Collection> {
    const c = isShareTokenShape(shareToken) ? await getCollectionByShareToken(db, shareToken) : undefined;
    if (!c) throw new AppError('NOT_FOUND', GONE);
    return c;
  }

  return {
    async getSharedCollection(shareToken) {
      const c = await shared(shareToken);
      return { name: c.name, description: c.description, bookCount: await countCollectionBooks(db, c.id) };
    },

    async listSharedBooks(shareToken, page) {
      const c = await shared(shareToken);
      await drainIndexQueue(db);
      // Nobody's progress shows here: the visitor's own is kept by their browser.
      const { books, total } = await listBookPage(
        db,
        { userId: '', collectionId: c.id },
        { ...DEFAULT_QUERY, sort: 'title' },
        { ...pageBounds(page), count: true },
      );
      return { books, total: total ?? 0 };
    },

    async getSharedBook(shareToken, bookId) {
      const c = await shared(shareToken);
      const id = String(bookId);
      if (!(await isBookInCollection(db, c.id, id))) throw new AppError('NOT_FOUND', 'This book is not in the shared collection.');
      const b = (await getBook(db, id))!;
      const mode = await getSetting(db, 'local_mode');
      return {
        id: b.id,
        title: b.title,
        author: b.author,
        fileType: b.fileType,
        filePath: b.filePath,
        fileSize: b.fileSize,
        fileHash: b.fileHash,
        source: b.source,
        s3Bucket: b.s3Bucket,
        pageCount: b.pageCount,
        coverPath: b.coverPath,
        localMode: mode === 'import' || mode === 'folder' ? mode : null,
      };
    },
  };
}
