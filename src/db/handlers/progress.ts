import type { ProgressApi } from '../api';
import type { HandlerContext } from '../context';
import { nextProgress, withStatus } from '../../domain/progress';
import { getProgress, upsertProgress } from '../queries/progress';
import { getSetting } from '../queries/settings';
import { requireBook, requireUser } from './guard';

/** Readers' calls. Progress is per user: the caller's session decides whose row is read or written. */
export function progressHandlers(ctx: HandlerContext): ProgressApi {
  const { db } = ctx;

  const book = (bookId: unknown) => requireBook(db, bookId);

  return {
    async getBookForReading(token, bookId) {
      await requireUser(ctx, token);
      const mode = await getSetting(db, 'local_mode');
      return { book: await book(bookId), localMode: mode === 'import' || mode === 'folder' ? mode : null };
    },

    async getProgress(token, bookId) {
      const { user } = await requireUser(ctx, token);
      return (await getProgress(db, user.id, String(bookId))) ?? null;
    },

    async saveProgress(token, bookId, position) {
      const { user } = await requireUser(ctx, token);
      const b = await book(bookId);
      const saved = await db.transaction(async () => {
        const prev = await getProgress(db, user.id, b.id);
        return upsertProgress(db, user.id, b.id, nextProgress(prev, position, ctx.now()));
      });
      ctx.changed(['reading_progress']);
      return saved;
    },

    async setReadingStatus(token, bookId, status) {
      const { user } = await requireUser(ctx, token);
      const b = await book(bookId);
      const saved = await db.transaction(async () => {
        const prev = await getProgress(db, user.id, b.id);
        return upsertProgress(db, user.id, b.id, withStatus(prev, status, ctx.now()));
      });
      ctx.changed(['reading_progress']);
      return saved;
    },
  };
}
