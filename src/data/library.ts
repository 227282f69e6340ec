import type { BookDetails, BookPage, BookPageRequest } from '../db/api';
import type { BookCard, LibraryQuery } from '../domain/library';
import type { ReadingProgress } from '../domain/types';
import { db } from './client';
import { handleAuthError, token } from './auth';

/**
 * Runs a worker call; an ended session sends the page back to sign-in (RequireAuth reacts).
 * With a name, the call shows as `alex:<name>` in the browser's performance timeline (DevTools,
 * and the benchmark's breakdown of a page load).
 */
let measured = 0;
export async function authed<T>(call: () => Promise<T>, name?: string): Promise<T> {
  const start = performance.now();
  try {
    return await call();
  } catch (e) {
    handleAuthError(e);
    throw e;
  } finally {
    if (name) {
      // The timeline keeps every measure: drop them now and then so a long session does not grow it.
      if (++measured % 1000 === 0) performance.clearMeasures();
      performance.measure(`alex:${name}`, { start });
    }
  }
}

export function listBooks(query: LibraryQuery, page: BookPageRequest, collectionId?: string): Promise<BookPage> {
  return authed(() => db().listBooks(token(), query, page, collectionId), 'listBooks');
}

export function nowReading(collectionId?: string): Promise<BookCard[]> {
  return authed(() => db().nowReading(token(), collectionId), 'nowReading');
}

export function bookDetails(bookId: string): Promise<BookDetails> {
  return authed(() => db().getBookDetails(token(), bookId));
}

/** "Mark as read" (completed, 100 %) and "Mark as unread" (not started, position forgotten). */
export function markRead(bookId: string, read: boolean): Promise<ReadingProgress> {
  return authed(() => db().setReadingStatus(token(), bookId, read ? 'completed' : 'not_started'));
}
