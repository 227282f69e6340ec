import type { Book, ReadingProgress, ReadingStatus } from '../../domain/types';
import type { SavedPosition } from '../../domain/progress';
import type { LocalMode, Token } from './common';

/** A book's record for a reader, and how this library keeps local files. */
export interface BookForReading {
  book: Book;
  /** settings.local_mode: 'import' = copies in OPFS imported/, 'folder' = the picked folder. */
  localMode: LocalMode | null;
}

/** Each user's own progress (readers). Saving moves the status by itself (src/domain/progress.ts). */
export interface ProgressApi {
  getBookForReading(token: Token, bookId: string): Promise<BookForReading>;
  getProgress(token: Token, bookId: string): Promise<ReadingProgress | null>;
  /** Throws NOT_FOUND for an unknown book, INVALID_INPUT for a bad position. */
  saveProgress(token: Token, bookId: string, position: SavedPosition): Promise<ReadingProgress>;
  /** Explicit change ("Mark as finished", "Read again", "Mark as unread"); completed is otherwise sticky. */
  setReadingStatus(token: Token, bookId: string, status: ReadingStatus): Promise<ReadingProgress>;
}
