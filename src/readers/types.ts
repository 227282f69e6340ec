/**
 * What the readers depend on, so the same components serve /read/:bookId (signed in, progress
 * in the database) and the public share page (no session, progress in this browser).
 */
import type { FileType } from '../domain/types';
export type { SavedPosition } from '../domain/progress';
import type { SavedPosition } from '../domain/progress';
import type { TextJump } from '../fulltext/textJump';

/**
 * Where a reader keeps its place. `save` is called on every page or location change and must
 * return at once: a store coalesces bursts (the last position wins) and writes in the background.
 * `flush` resolves once everything saved so far is written (on pagehide, hidden tab, unmount).
 */
export interface ProgressStore {
  load(): Promise<SavedPosition | null>;
  save(p: SavedPosition): void;
  flush(): Promise<void>;
}

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/** A book as a reader needs it: enough to show and to key caches, plus its bytes. */
export interface OpenedBook {
  id: string;
  title: string;
  author?: string | null;
  fileType: FileType;
  /** Content hash when known: keys caches (EPUB locations) that must follow the content. */
  fileHash?: string | null;
  file: Blob;
}

/** Loads a book for the reader page; throws AppError (NOT_FOUND, FORBIDDEN…) with a message to show. */
export type BookLoader = () => Promise<OpenedBook>;

/** What both format readers receive from the page. */
export interface FormatReaderProps {
  book: OpenedBook;
  store: ProgressStore;
  /** Resume here (already loaded by the page, so a reader paints straight at the right place). */
  initial: SavedPosition | null;
  onBack: () => void;
  /** Open at a full-text search hit instead (its words highlighted). */
  jump?: TextJump | null;
}
