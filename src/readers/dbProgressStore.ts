import { db } from '../data/client';
import { handleAuthError, token } from '../data/auth';
import { positionOf } from '../domain/progress';
import { coalescingStore } from './progressStores';
import type { ProgressStore, SaveState } from './types';

/** The signed-in user's progress in the database (/read/:bookId). */
export function dbProgressStore(bookId: string, opts: { onError?(e: unknown): void; onState?(s: SaveState): void } = {}): ProgressStore {
  return coalescingStore({
    onState: opts.onState,
    load: async () => positionOf(await db().getProgress(token(), bookId)),
    write: (p) => db().saveProgress(token(), bookId, p),
    onError(e) {
      if (!handleAuthError(e)) opts.onError?.(e);
    },
  });
}
