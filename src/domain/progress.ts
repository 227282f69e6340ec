/**
 * Reading progress rules, pure (no DB, no DOM), shared by the worker's saveProgress and the
 * share page's localStorage store.
 *
 * - A PDF position is a 1-based page of `totalPages`; its percent is page / total (the last page
 *   is 100 %). An EPUB position is a CFI; its percent comes from epub.js locations, which the
 *   reader may not have computed yet: then the previous percent is kept.
 * - The first save moves not_started → reading. Being on the last PDF page, or at the end of the
 *   EPUB, makes it completed.
 * - completed is sticky: flipping back to look something up in a finished book keeps it finished
 *   (and at 100 %), while the position still moves so the book reopens where it was left. Only an
 *   explicit setReadingStatus (e.g. "Read again", "Mark as unread") takes it out of completed.
 */
import { AppError } from './errors';
import type { ProgressState, ReadingProgress, ReadingStatus } from './types';

/** Where a reader is in a book, as the reader reports it. */
export interface SavedPosition {
  /** PDF: 1-based page number. */
  currentPage?: number | null;
  /** PDF: page count of the document. */
  totalPages?: number | null;
  /** EPUB: CFI of the first visible location. */
  epubLocation?: string | null;
  /** EPUB: 0–100 from epub.js locations; absent while they are being computed. */
  percent?: number | null;
  /** EPUB: the last page of the last chapter is showing. */
  atEnd?: boolean;
}

export type { ProgressState } from './types';

export const MAX_CFI_LENGTH = 4096;

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);
const round1 = (n: number) => Math.round(n * 10) / 10;
const clampPercent = (n: number) => Math.min(100, Math.max(0, n));

/** Checks a position from the page (it crosses a trust boundary) and keeps only known fields. */
export function validatePosition(p: unknown): SavedPosition {
  if (!p || typeof p !== 'object') throw new AppError('INVALID_INPUT', 'A reading position is required.');
  const pos = p as Record<string, unknown>;
  const hasPage = pos.currentPage != null;
  const hasCfi = pos.epubLocation != null;
  if (hasPage === hasCfi) throw new AppError('INVALID_INPUT', 'A position is either a PDF page or an EPUB location.');
  if (hasPage) {
    const page = pos.currentPage;
    const total = pos.totalPages;
    if (!isInt(total) || total < 1) throw new AppError('INVALID_INPUT', 'The page count must be a whole number of at least 1.');
    if (!isInt(page) || page < 1 || page > total) throw new AppError('INVALID_INPUT', `The page must be between 1 and ${total}.`);
    return { currentPage: page, totalPages: total };
  }
  const cfi = pos.epubLocation;
  if (typeof cfi !== 'string' || !cfi.startsWith('epubcfi(') || !cfi.endsWith(')') || cfi.length > MAX_CFI_LENGTH)
    throw new AppError('INVALID_INPUT', 'The EPUB location is not a valid CFI.');
  const percent = typeof pos.percent === 'number' && Number.isFinite(pos.percent) ? clampPercent(pos.percent) : null;
  return { epubLocation: cfi, percent, atEnd: pos.atEnd === true };
}

/** Percent of a position, or null when it cannot tell (EPUB before locations are ready). */
export function percentOf(pos: SavedPosition): number | null {
  if (pos.currentPage != null && pos.totalPages) return round1(clampPercent((pos.currentPage / pos.totalPages) * 100));
  if (pos.atEnd) return 100;
  return pos.percent == null ? null : round1(clampPercent(pos.percent));
}

export function isAtEnd(pos: SavedPosition): boolean {
  if (pos.currentPage != null) return pos.currentPage === pos.totalPages;
  return pos.atEnd === true;
}

/** The row after saving `pos` on top of `prev` (undefined when the book was never opened). */
export function nextProgress(prev: ProgressState | null | undefined, pos: SavedPosition, now: number): ProgressState {
  const p = validatePosition(pos);
  const wasCompleted = prev?.status === 'completed';
  const completed = wasCompleted || isAtEnd(p);
  const percent = completed ? 100 : (percentOf(p) ?? prev?.percentComplete ?? 0);
  return {
    currentPage: p.currentPage ?? null,
    totalPages: p.totalPages ?? null,
    epubLocation: p.epubLocation ?? null,
    percentComplete: percent,
    status: completed ? 'completed' : 'reading',
    lastReadAt: now,
  };
}

/**
 * An explicit status change. not_started forgets the position (start over); reading leaves
 * completed at the saved position (the next save at the end completes it again); completed is 100 %.
 */
export function withStatus(prev: ProgressState | null | undefined, status: ReadingStatus, now: number): ProgressState {
  if (status !== 'not_started' && status !== 'reading' && status !== 'completed')
    throw new AppError('INVALID_INPUT', 'The status must be not_started, reading or completed.');
  const base: ProgressState = prev ?? { currentPage: null, totalPages: null, epubLocation: null, percentComplete: 0, status: 'not_started', lastReadAt: null };
  if (status === 'not_started')
    return { currentPage: null, totalPages: null, epubLocation: null, percentComplete: 0, status, lastReadAt: base.lastReadAt };
  if (status === 'completed') return { ...base, percentComplete: 100, status, lastReadAt: now };
  const pos = positionOf(base);
  const percent = pos?.currentPage != null ? percentOf(pos)! : base.percentComplete;
  return { ...base, percentComplete: percent, status, lastReadAt: now };
}

/** The position to resume at, from a stored row. */
export function positionOf(p: Pick<ReadingProgress, 'currentPage' | 'totalPages' | 'epubLocation' | 'percentComplete'> | null | undefined): SavedPosition | null {
  if (!p) return null;
  if (p.epubLocation) return { epubLocation: p.epubLocation, percent: p.percentComplete };
  if (p.currentPage != null && p.totalPages != null) return { currentPage: p.currentPage, totalPages: p.totalPages };
  return null;
}
