/**
 * The reading-progress merge rule, pure. Commutative, associative and idempotent, so devices
 * that receive the same records in any order reach the same row:
 *
 * - The position (page or EPUB location, percent, last read) is last-writer-wins by HLC.
 * - "completed" wins over "reading" unless it was reset later: each record carries `c`, the
 *   latest stamp at which the status became completed, and `r`, the latest at which an explicit
 *   change took it out of completed. Both merge by maximum; the book is completed when c > r.
 *   Otherwise the status is the position winner's (a winner still saying "completed" from before
 *   a later reset reads as "reading").
 */
import type { ProgressValue } from './records';

export interface ProgressVersion {
  value: ProgressValue;
  h: string;
  c: string | null;
  r: string | null;
}

/** More than this many PDF pages back (or this many percent of an EPUB) is offered, not forced. */
export const BACKWARD_PAGES = 3;
export const BACKWARD_PERCENT = 2;

const later = (a: string | null, b: string | null) => (a == null ? b : b == null ? a : a > b ? a : b);

export function mergeProgress(local: ProgressVersion | null, remote: ProgressVersion): ProgressVersion {
  if (!local) return settle(remote, remote.c, remote.r);
  const winner = remote.h > local.h ? remote : local;
  return settle(winner, later(local.c, remote.c), later(local.r, remote.r));
}

function settle(w: ProgressVersion, c: string | null, r: string | null): ProgressVersion {
  const completed = c != null && (r == null || c > r);
  const status = completed ? 'completed' : w.value.status === 'completed' ? 'reading' : w.value.status;
  const percentComplete = completed ? 100 : w.value.percentComplete;
  return { h: w.h, c, r, value: { ...w.value, status, percentComplete } };
}

/**
 * Whether taking `remote`'s position would move the reader well back from where this device is.
 * A reset on the other device ("Read again", "Mark as unread") is meant, never offered.
 */
export function isBackwardMove(local: ProgressVersion, remote: ProgressVersion): boolean {
  if (remote.r != null && (local.r == null || remote.r > local.r)) return false;
  const a = local.value;
  const b = remote.value;
  if (a.currentPage != null && b.currentPage != null) return a.currentPage - b.currentPage > BACKWARD_PAGES;
  if (a.epubLocation != null && b.epubLocation != null) return a.percentComplete - b.percentComplete > BACKWARD_PERCENT;
  return false;
}
