/**
 * A Web Lock held while a reader opens a book, from the moment it starts loading to its first
 * page on screen. Background work that competes for the same cores (the full-text index reads
 * whole books with pdf.js) waits for it between steps: on two cores, indexing beside an opening
 * book made its first page several times slower.
 */
export const BOOK_OPENING_LOCK = 'alex-book-opening';

/** A reader that never reports its first page (a hang, an error missed) does not stop the index for good. */
const MAX_HOLD_MS = 15_000;

/**
 * Holds the lock until the returned function is called (or MAX_HOLD_MS). The opening never
 * waits for it: the request queues (behind another tab's opening, or the index's momentary
 * look) and is granted in a moment; released before that, it is let go as soon as granted.
 */
export function holdBookOpening(): () => void {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  const timer = setTimeout(release, MAX_HOLD_MS);
  navigator.locks?.request(BOOK_OPENING_LOCK, () => done).catch(() => {});
  return () => {
    clearTimeout(timer);
    release();
  };
}

/** Resolves once no reader in any tab is opening a book (asked in shared mode, let go at once). */
export function bookOpeningEnded(): Promise<void> {
  return navigator.locks ? navigator.locks.request(BOOK_OPENING_LOCK, { mode: 'shared' }, () => {}) : Promise.resolve();
}
