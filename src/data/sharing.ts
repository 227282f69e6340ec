import type { BookPageRequest, SharedBook } from '../db/api';
import type { SharedCollection } from '../domain/collections';
import type { BookCard } from '../domain/library';
import { percentOf, type SavedPosition } from '../domain/progress';
import { db } from './client';

/** Public calls of /shared/<token>: no session, the token is the key. */
export function sharedCollection(shareToken: string): Promise<SharedCollection> {
  return db().getSharedCollection(shareToken);
}

export async function sharedBooks(shareToken: string, page: BookPageRequest): Promise<{ books: BookCard[]; total: number }> {
  const r = await db().listSharedBooks(shareToken, page);
  return { ...r, books: r.books.map((b) => withLocalProgress(shareToken, b)) };
}

export function sharedBook(shareToken: string, bookId: string): Promise<SharedBook> {
  return db().getSharedBook(shareToken, bookId);
}

/** localStorage key of a visitor's place in a shared book (the readers' localProgressStore writes it). */
export function sharedProgressKey(shareToken: string, bookId: string): string {
  return `shared-progress:${shareToken}:${bookId}`;
}

/** A shared book's card with this browser's progress, which never reaches the database. */
export function withLocalProgress(shareToken: string, card: BookCard): BookCard {
  try {
    const raw = localStorage.getItem(sharedProgressKey(shareToken, card.id));
    const position = raw ? (JSON.parse(raw) as { position?: SavedPosition }).position : undefined;
    if (!position) return card;
    const percent = percentOf(position) ?? 0;
    return { ...card, status: percent >= 100 ? 'completed' : 'reading', percent };
  } catch {
    return card;
  }
}
