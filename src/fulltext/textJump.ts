/**
 * "Open at the match": a text search hit becomes a reader address, `/read/<id>?at=<section>&find=<q>`,
 * and the reader reads it back. The section is a PDF page, or an EPUB spine item and part
 * (src/fulltext/sectionKey.ts).
 */
import type { TextJump } from '../readers/types';

export type { TextJump };

export function textJumpHref(bookId: string, section: number, query: string): string {
  return `/read/${encodeURIComponent(bookId)}?at=${section}&find=${encodeURIComponent(query)}`;
}

export function textJumpFrom(search: string): TextJump | null {
  const p = new URLSearchParams(search);
  const at = Number(p.get('at'));
  const query = p.get('find') ?? '';
  return Number.isInteger(at) && at >= 0 && p.has('at') ? { section: at, query } : null;
}
