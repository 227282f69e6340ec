import type { BookDetails, BookForReading, BookPage, BookPageRequest } from '../db/api';
import type { BookCard, LibraryQuery } from '../domain/library';
import type { ReadingProgress } from '../domain/types';
import { api } from './sessionClient';

export function listBooks(query: LibraryQuery, page: BookPageRequest, collectionId?: string): Promise<BookPage> {
  return api.listBooks(query, page, collectionId);
}

export function nowReading(collectionId?: string): Promise<BookCard[]> {
  return api.nowReading(collectionId);
}

export function bookDetails(bookId: string): Promise<BookDetails> {
  return api.getBookDetails(bookId);
}

/** The signed-in user's book record to open in the reader, and where its bytes live. */
export function bookForReading(bookId: string): Promise<BookForReading> {
  return api.getBookForReading(bookId);
}

/** "Mark as read" (completed, 100 %) and "Mark as unread" (not started, position forgotten). */
export function markRead(bookId: string, read: boolean): Promise<ReadingProgress> {
  return api.setReadingStatus(bookId, read ? 'completed' : 'not_started');
}
