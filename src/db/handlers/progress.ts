import type { ProgressApi } from '../api';
import type { HandlerContext } from '../context';
import { nextProgress, withStatus } from '../../domain/progress';
import { getProgress, upsertProgress } from '../queries/progress';
import type { ProgressState } from '../../domain/types';
import { getSetting } from '../queries/settings';
import { requireBook, requireUser } from './guard';

/** Readers' calls. Progress is per user: the caller's session decides whose row is read or written. */
export function progressHandlers(ctx: HandlerContext): ProgressApi {
  const { db } = ctx;

  const book = (bookId: unknown) => requireBook(db, bookId);
  /** The user's progress in the book, rewritten from what it was, in one transaction. */
  const rewrite = async (token: string | null | undefined, bookId: unknown, next: (prev: ProgressState | undefined) => ProgressState) => {
    const { user } = await requireUser(ctx, token);
    const b = await book(bookId);
    const saved = await db.transaction(async () => upsertProgress(db, user.id, b.id, next(await getProgress(db, user.id, b.id))));
    ctx.changed(['reading_progress']);
    return saved;
  };

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

    saveProgress: (token, bookId, position) => rewrite(token, bookId, (prev) => nextProgress(prev, position, ctx.now())),
    setReadingStatus: (token, bookId, status) => rewrite(token, bookId, (prev) => withStatus(prev, status, ctx.now())),
  };
}
