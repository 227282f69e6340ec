/**
 * "Open at the match": a text search hit becomes a reader address,
 * `/read/<id>?at=<section>[,<section>…]&find=<q>`, and the reader reads it back. A section is a
 * PDF page, or an EPUB spine item and part (src/fulltext/sectionKey.ts). Several sections are the
 * row of the index the first match is in (src/fulltext/textRows.ts), when the book's text has not
 * said which one yet: the reader goes to the first and looks on from there.
 */
import type { TextJump } from '../readers/types';

export type { TextJump };

export function textJumpHref(bookId: string, sections: number[], query: string): string {
  return `/read/${encodeURIComponent(bookId)}?at=${sections.join(',')}&find=${encodeURIComponent(query)}`;
}

export function textJumpFrom(search: string): TextJump | null {
  const p = new URLSearchParams(search);
  const at = p.get('at');
  if (at === null) return null;
  const sections = at.split(',').map(Number);
  return sections.every((s) => Number.isInteger(s) && s >= 0) ? { sections, query: p.get('find') ?? '' } : null;
}
