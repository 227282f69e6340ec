/**
 * How a book's sections become rows of the index. Each row costs FTS5 a rowid and a position
 * list header for every term it holds, so a row of a few sections is smaller than those
 * sections as rows of their own: rows of up to ROW_CHARS of text brought the index from 0.360
 * to under 0.35 × text (scripts/size-rows.mjs). A row is where a search narrows a match to; the
 * section within it, the page to open, is found in the book's text when the hit is shown
 * (src/fulltext/textSnippet.ts).
 */
import type { TextSection } from './textBooks';

/** A row takes sections while its text stays under this many characters (a longer section is a row alone). */
export const ROW_CHARS = 10_000;
/** At most this many sections a row: a run of short pages (slides) is not read whole to find a match. */
export const ROW_SECTIONS = 8;
/**
 * Between a row's sections: a token no query can hold (queries are letters and digits, this is
 * private use), so a phrase never matches across the end of one page and the start of the next,
 * where the reader could not show it.
 */
export const SECTION_BREAK = ' \uE000 ';

/** Consecutive sections grouped into rows, in order. */
export function textRows(sections: TextSection[]): TextSection[][] {
  const rows: TextSection[][] = [];
  let row: TextSection[] = [];
  let size = 0;
  for (const s of sections) {
    if (row.length && (row.length === ROW_SECTIONS || size + s.text.length > ROW_CHARS)) {
      rows.push(row);
      row = [];
      size = 0;
    }
    row.push(s);
    size += s.text.length;
  }
  if (row.length) rows.push(row);
  return rows;
}
