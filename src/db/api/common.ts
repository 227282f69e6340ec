/** Types more than one part of the worker contract uses. */
import type { BookCard } from '../../domain/library';

/** The session token every call but the public ones takes first. */
export type Token = string;

/** How the local books are reached: a picked folder read in place, or copies in OPFS. */
export type LocalMode = 'folder' | 'import';

/** A page of the library grid (see src/db/queries/library.ts). */
export interface BookPageRequest {
  offset: number;
  /** At most 200. */
  limit: number;
  /** Also count the matching books (the grid asks once per query, not on every scroll). */
  count?: boolean;
  /** The previous page's `next`: continue right after it (same cost anywhere in the list). */
  after?: string;
}

export interface BookPage {
  books: BookCard[];
  total?: number;
  /** Where the next page starts, when this one is full (not for "recently read"). */
  next?: string;
  /** Books still waiting for the search index (written around the repository code); 0 normally. */
  indexing: number;
}

/** Posted on the BroadcastChannel CHANGES_CHANNEL after a committed write. */
export interface ChangeEvent {
  libraryVersion: number;
  tables: string[];
}

export const CHANGES_CHANNEL = 'alex-changes';
