import type { CollectionsApi } from '../api';
import type { HandlerContext } from '../context';
import { AppError } from '../../domain/errors';
import { validateCollectionDescription, validateCollectionName } from '../../domain/collections';
import { newShareToken } from '../../domain/shareToken';
import type { Collection } from '../../domain/types';
import { getBook } from '../queries/books';
import {
  addBookToCollection,
  collectionChoices,
  deleteCollection,
  getCollection,
  insertCollection,
  listCollectionSummaries,
  removeBookFromCollection,
  setShareToken,
  updateCollection,
} from '../queries/collections';
import { requireUser } from './guard';

/** Collections belong to one user. Every call checks the owner here, whatever the page shows. */
export function collectionsHandlers(ctx: HandlerContext): CollectionsApi {
  const { db } = ctx;

  /** Someone else's collection answers exactly like a missing one: its existence is not told. */
  async function own(userId: string, collectionId: unknown): Promise<Collection> {
    const c = typeof collectionId === 'string' ? await getCollection(db, collectionId) : undefined;
    if (!c || c.userId !== userId) throw new AppError('NOT_FOUND', 'This collection does not exist.');
    return c;
  }

  async function summary(userId: string, id: string) {
    const [s] = await listCollectionSummaries(db, userId, id);
    if (!s) throw new AppError('NOT_FOUND', 'This collection does not exist.');
    return s;
  }

  return {
    async listCollections(token) {
      const { user } = await requireUser(ctx, token);
      return listCollectionSummaries(db, user.id);
    },

    async getCollection(token, collectionId) {
      const { user } = await requireUser(ctx, token);
      return summary(user.id, (await own(user.id, collectionId)).id);
    },

    async createCollection(token, input) {
      const { user } = await requireUser(ctx, token);
      const name = validateCollectionName(input?.name);
      const description = validateCollectionDescription(input?.description);
      const c = await insertCollection(db, user.id, name, description);
      ctx.changed(['collections']);
      return summary(user.id, c.id);
    },

    async updateCollection(token, collectionId, patch) {
      const { user } = await requireUser(ctx, token);
      const c = await own(user.id, collectionId);
      await updateCollection(db, c.id, {
        name: patch?.name === undefined ? undefined : validateCollectionName(patch.name),
        description: patch?.description === undefined ? undefined : validateCollectionDescription(patch.description),
      });
      ctx.changed(['collections']);
      return summary(user.id, c.id);
    },

    async deleteCollection(token, collectionId) {
      const { user } = await requireUser(ctx, token);
      const c = await own(user.id, collectionId);
      // The cascade removes its links (and so its share link); the books stay.
      await deleteCollection(db, c.id);
      ctx.changed(['collections', 'collection_books']);
    },

    async setBookInCollection(token, collectionId, bookId, member) {
      const { user } = await requireUser(ctx, token);
      const c = await own(user.id, collectionId);
      const book = await getBook(db, String(bookId));
      if (!book) throw new AppError('NOT_FOUND', 'This book is no longer in the library.');
      if (member) await addBookToCollection(db, c.id, book.id);
      else await removeBookFromCollection(db, c.id, book.id);
      ctx.changed(['collection_books']);
    },

    async collectionChoices(token, bookId) {
      const { user } = await requireUser(ctx, token);
      return collectionChoices(db, user.id, String(bookId));
    },

    async shareCollection(token, collectionId) {
      const { user } = await requireUser(ctx, token);
      const c = await own(user.id, collectionId);
      const shareToken = newShareToken();
      await setShareToken(db, c.id, shareToken, ctx.now());
      ctx.changed(['collections']);
      return { shareToken };
    },

    async stopSharing(token, collectionId) {
      const { user } = await requireUser(ctx, token);
      const c = await own(user.id, collectionId);
      await setShareToken(db, c.id, null, ctx.now());
      ctx.changed(['collections']);
    },
  };
}
