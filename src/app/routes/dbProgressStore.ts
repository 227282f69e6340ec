import { saveProgress, savedProgress } from '../../data/progress';
import { isSessionEnded } from '../../data/auth';
import { coalescingStore } from '../../readers/progressStores';
import type { ProgressStore, SaveState } from '../../readers/types';

/** The signed-in user's progress in the database (/read/:bookId). */
export function dbProgressStore(bookId: string, opts: { onError?(e: unknown): void; onState?(s: SaveState): void } = {}): ProgressStore {
  return coalescingStore({
    onState: opts.onState,
    load: () => savedProgress(bookId),
    write: (p) => saveProgress(bookId, p),
    onError(e) {
      // An ended session is handled by the client: back to sign-in.
      if (!isSessionEnded(e)) opts.onError?.(e);
    },
  });
}
