/**
 * A section is where a search hit jumps to: a PDF section is its 1-based page, an EPUB section
 * its spine index (10 bits up, 16,383 items at most) and the part of that item (low 10 bits),
 * parts being PART_CHARS of text each. (Index rows are numbered apart from sections: see
 * src/fulltext/bookRows.ts.)
 */
export const SECTION_BITS = 24;
const PART_BITS = 10;
export const MAX_PARTS = 2 ** PART_BITS;
export const MAX_SPINE = 2 ** (SECTION_BITS - PART_BITS);
export const MAX_PAGES = 2 ** SECTION_BITS - 1;
/** An EPUB spine item longer than this is indexed in parts (each a row, a snippet, a jump target). */
export const PART_CHARS = 16_000;

export function epubSection(spineIndex: number, part: number): number {
  return spineIndex * MAX_PARTS + part;
}

/** Where an EPUB section is: its spine item and its part of it. */
export function epubPlace(section: number): { spineIndex: number; part: number } {
  return { spineIndex: Math.floor(section / MAX_PARTS), part: section % MAX_PARTS };
}
