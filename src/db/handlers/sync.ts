import type { SyncApi } from '../api/sync';
import type { HandlerContext } from '../context';
import { dropOffer, getOffer, getState } from '../queries/syncState';
import { requireUser } from './guard';

/** Readers' calls about sync. Offers are per user: the caller's session decides whose. */
export function syncHandlers(ctx: HandlerContext): SyncApi {
  const { db } = ctx;
  return {
    async getSyncOffer(token, bookId) {
      const { user } = await requireUser(ctx, token);
      const o = await getOffer(db, user.id, String(bookId));
      if (!o) return null;
      const { currentPage, totalPages, epubLocation, percentComplete, offeredAt } = o;
      return { currentPage, totalPages, epubLocation, percentComplete, offeredAt };
    },
    async isSyncOn(token) {
      await requireUser(ctx, token);
      return (await getState(db, 'library')) !== null;
    },
    async dismissSyncOffer(token, bookId) {
      const { user } = await requireUser(ctx, token);
      await dropOffer(db, user.id, String(bookId));
    },
  };
}
