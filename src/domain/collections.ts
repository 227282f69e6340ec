import { AppError } from './errors';

export const MAX_COLLECTION_NAME = 100;
export const MAX_COLLECTION_DESCRIPTION = 2000;

export function validateCollectionName(name: unknown): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (!n) throw new AppError('INVALID_INPUT', 'A name is required.', { field: 'name' });
  if (n.length > MAX_COLLECTION_NAME)
    throw new AppError('INVALID_INPUT', `The name must be at most ${MAX_COLLECTION_NAME} characters long.`, { field: 'name' });
  return n;
}

/** Empty means no description. */
export function validateCollectionDescription(description: unknown): string | null {
  if (description == null) return null;
  if (typeof description !== 'string') throw new AppError('INVALID_INPUT', 'The description must be text.', { field: 'description' });
  const d = description.trim();
  if (d.length > MAX_COLLECTION_DESCRIPTION)
    throw new AppError('INVALID_INPUT', `The description must be at most ${MAX_COLLECTION_DESCRIPTION} characters long.`, { field: 'description' });
  return d || null;
}

/** A collection as its owner sees it in lists. */
export interface CollectionSummary {
  id: string;
  name: string;
  description: string | null;
  bookCount: number;
  /** Set while the collection is shared. */
  shareToken: string | null;
  sharedAt: number | null;
  createdAt: number;
  /** Up to three of its books, most recently added first, for the card's cover stack. */
  preview: { id: string; title: string; author: string | null; coverPath: string | null }[];
}

/** One line of the "Add to collection…" checklist. */
export interface CollectionChoice {
  id: string;
  name: string;
  member: boolean;
}

/** What a share link shows: never the owner. */
export interface SharedCollection {
  name: string;
  description: string | null;
  bookCount: number;
}
