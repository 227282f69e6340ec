import type { Book, ReadingProgress } from '../../domain/types';
import type { BookCard, LibraryQuery } from '../../domain/library';
import type { BookPage, BookPageRequest, Token } from './common';

export interface BookDetails {
  book: Book;
  progress: ReadingProgress | null;
  /** The caller's collections that hold the book. */
  collections: { id: string; name: string }[];
}

/**
 * The library grid and shelves. With `collectionId`, only that collection's books (the caller's
 * own collection, else NOT_FOUND). The Now Reading books are left out of a page when the query
 * shows the shelf (src/domain/library.ts showsNowReading). Marking read/unread is ProgressApi's
 * setReadingStatus.
 */
export interface LibraryApi {
  listBooks(token: Token, query: LibraryQuery, page: BookPageRequest, collectionId?: string): Promise<BookPage>;
  nowReading(token: Token, collectionId?: string): Promise<BookCard[]>;
  getBookDetails(token: Token, bookId: string): Promise<BookDetails>;
}
