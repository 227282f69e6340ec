/**
 * What the library grid shows: search, filters and sort. The page keeps it in the URL, the worker
 * turns it into SQL; both read it through these functions so they agree on the defaults.
 */
import type { FileType, ReadingStatus } from './types';

export type FormatFilter = 'all' | FileType;
export type StatusFilter = 'all' | ReadingStatus;
export type SortOrder = 'added' | 'title' | 'author' | 'read';

export interface LibraryQuery {
  q: string;
  format: FormatFilter;
  status: StatusFilter;
  sort: SortOrder;
}

export const DEFAULT_QUERY: LibraryQuery = { q: '', format: 'all', status: 'all', sort: 'added' };

export const FORMATS: readonly FormatFilter[] = ['all', 'pdf', 'epub'];
export const STATUSES: readonly StatusFilter[] = ['all', 'not_started', 'reading', 'completed'];
export const SORTS: readonly SortOrder[] = ['added', 'title', 'author', 'read'];

export const MAX_QUERY_LENGTH = 200;

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** Any input (URL parameters, a worker call) made into a valid query; unknown values fall back. */
export function normaliseQuery(input: Partial<Record<keyof LibraryQuery, unknown>> | undefined): LibraryQuery {
  const q = typeof input?.q === 'string' ? input.q.slice(0, MAX_QUERY_LENGTH) : '';
  return {
    q,
    format: pick(input?.format, FORMATS, 'all'),
    status: pick(input?.status, STATUSES, 'all'),
    sort: pick(input?.sort, SORTS, 'added'),
  };
}

/** Search or a filter narrows the books (the sort order does not). */
export function hasFilters(query: LibraryQuery): boolean {
  return query.q.trim() !== '' || query.format !== 'all' || query.status !== 'all';
}

/**
 * The Now Reading shelf shows when nothing narrows the view; its books are then left out of the
 * grid. With a search or filter the shelf hides and the grid shows every match, books being read
 * included, so a search never misses the book you are reading.
 */
export function showsNowReading(query: LibraryQuery): boolean {
  return !hasFilters(query);
}

/** URL search parameters for a query; defaults are left out so a plain /library stays plain. */
export function queryToParams(query: LibraryQuery): Record<string, string | undefined> {
  return {
    q: query.q || undefined,
    format: query.format === 'all' ? undefined : query.format,
    status: query.status === 'all' ? undefined : query.status,
    sort: query.sort === 'added' ? undefined : query.sort,
  };
}

export const FORMAT_LABELS: Record<FormatFilter, string> = { all: 'All', pdf: 'PDF', epub: 'EPUB' };
export const STATUS_LABELS: Record<StatusFilter, string> = {
  all: 'All',
  not_started: 'Not started',
  reading: 'Reading',
  completed: 'Completed',
};
export const SORT_LABELS: Record<SortOrder, string> = {
  added: 'Recently added',
  title: 'Title',
  author: 'Author',
  read: 'Recently read',
};

/** One book as the grid and the shelves show it, with the signed-in user's progress. */
export interface BookCard {
  id: string;
  title: string;
  author: string | null;
  fileType: FileType;
  coverPath: string | null;
  addedAt: number;
  status: ReadingStatus;
  /** 0–100. */
  percent: number;
  lastReadAt: number | null;
  /** False: another device's book whose file this device's folder lacks (sync; shown "Not on this device"). */
  onDevice?: boolean;
}
