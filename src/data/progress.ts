import { positionOf, type SavedPosition } from '../domain/progress';
import { api } from './sessionClient';

/** Where the signed-in user stopped in a book (null before the first save). */
export async function savedProgress(bookId: string): Promise<SavedPosition | null> {
  return positionOf(await api.getProgress(bookId));
}

export function saveProgress(bookId: string, position: SavedPosition): Promise<unknown> {
  return api.saveProgress(bookId, position);
}
