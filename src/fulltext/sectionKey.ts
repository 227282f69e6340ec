/**
 * Full-text rows are keyed by one integer: the book's small number in the high bits, the section
 * in the low 24 bits, so a book's rows are one rowid range (grouping, deleting) and the key alone
 * says where to jump. A PDF section is its 1-based page. An EPUB section is its spine index
 * (10 bits up, 16,383 items at most) and the part of that item (low 10 bits), parts being
 * PART_CHARS of text each.
 */
export const SECTION_BITS = 24;
const SECTION_SPAN = 2 ** SECTION_BITS;
const PART_BITS = 10;
export const MAX_PARTS = 2 ** PART_BITS;
export const MAX_SPINE = 2 ** (SECTION_BITS - PART_BITS);
export const MAX_PAGES = SECTION_SPAN - 1;
/** An EPUB spine item longer than this is indexed in parts (each a row, a snippet, a jump target). */
export const PART_CHARS = 16_000;

export function rowKey(bookNo: number, section: number): number {
  return bookNo * SECTION_SPAN + section;
}

export function bookOfRow(rowid: number): number {
  return Math.floor(rowid / SECTION_SPAN);
}

export function sectionOfRow(rowid: number): number {
  return rowid % SECTION_SPAN;
}

/** First and last rowid a book can have. */
export function bookRange(bookNo: number): [number, number] {
  return [bookNo * SECTION_SPAN, (bookNo + 1) * SECTION_SPAN - 1];
}

export function epubSection(spineIndex: number, part: number): number {
  return spineIndex * MAX_PARTS + part;
}

/** Where an EPUB section is: its spine item and its part of it. */
export function epubPlace(section: number): { spineIndex: number; part: number } {
  return { spineIndex: Math.floor(section / MAX_PARTS), part: section % MAX_PARTS };
}
