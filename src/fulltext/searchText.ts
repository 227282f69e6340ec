import type { Db } from '../db/Db';
import { bookSections, lastRow, type BookRows } from './bookRows';
import { countMatches } from './countMatches';
import { expandQuery } from './expandQuery';
import { parseTextQuery } from './textQuery';

export interface TextHit {
  sha256: string;
  fileType: 'pdf' | 'epub';
  /** Rows of the index that match (each a few pages or passages: src/fulltext/textRows.ts): the list's order. */
  rows: number;
  /** Occurrences of the words (each phrase counted once per place it occurs) in those rows; without counts, `rows`. */
  matches: number;
  /**
   * The sections (PDF pages, EPUB parts) of the first matching row, in order: the first match is
   * in one of them, found when the text is read (src/fulltext/textSnippet.ts). "Open at the
   * match" goes to the first of them until then.
   */
  first: number[];
}

export interface TextSearchResult {
  hits: TextHit[];
  /** Books with a match found: all of them unless `more`. */
  books: number;
  /** More books match than `limit` (the first `limit` in the index's order are in hits). */
  more: boolean;
  /** Where the next books start (pass as `from` for "More"), when `more`. */
  next: number | null;
}

/** Rows read per step of the walk over the matches; doubled each step. */
const FIRST_CHUNK = 2048;

/**
 * The first `limit` books (in the index's order: the order they were indexed) whose text
 * matches, from the row `from` on (a previous page's `next`: "More"), most matching rows first among them. The matches are walked in rowid order, a
 * chunk of rows at a time grouped by book (each book's rows are one range), until `limit` + 1
 * books are seen: a common word costs the books shown, not every matching row of the library.
 * Occurrences are counted for the books shown only, and only with `counts` (the default):
 * without, `matches` is the number of matching rows. Counting is most of a common word's
 * time: bm25 (what the counts are solved from) first counts the rows of each of its terms over
 * the whole index.
 */
export async function searchText(db: Db, q: string, limit = 50, opts: { counts?: boolean; from?: number } = {}): Promise<TextSearchResult> {
  const { phrases } = parseTextQuery(q);
  if (!phrases.length) return { hits: [], books: 0, more: false, next: null };
  const { match, parts } = await expandQuery(db, phrases);
  const groups: (BookRows & { n: number; first: number })[] = [];
  let after = opts.from ?? 0;
  let chunk = FIRST_CHUNK;
  for (;;) {
    // Each matching row's book: the one whose rows start at or before it (text_books_base).
    const step = await db.all<BookRows & { n: number; first: number }>(
      `SELECT b.no AS no, b.base AS base, b.row_count AS rowCount, count(*) AS n, min(m.rowid) - b.base AS first
         FROM (SELECT rowid FROM text_sections WHERE text_sections MATCH ? AND rowid >= ? ORDER BY rowid LIMIT ?) m
         JOIN text_books b ON b.no = (SELECT no FROM text_books WHERE base <= m.rowid AND row_count > 0 ORDER BY base DESC LIMIT 1)
        GROUP BY b.no ORDER BY b.base`,
      [match, after, chunk],
    );
    const read = step.reduce((a, g) => a + g.n, 0);
    const done = read < chunk;
    // The chunk may end inside its last book: that book is read again, whole, by the next step.
    const whole = done ? step : step.slice(0, -1);
    groups.push(...whole);
    if (done || groups.length > limit) break;
    after = whole.length ? lastRow(whole[whole.length - 1]!) + 1 : after;
    if (!whole.length) chunk *= 2; // one book with more matching rows than a chunk
    else chunk = Math.min(chunk * 2, 65_536);
  }
  const more = groups.length > limit;
  const next = more ? groups[limit]!.base : null;
  const top = groups.slice(0, limit);
  if (!top.length) return { hits: [], books: 0, more: false, next: null };
  const books = await db.all<{ no: number; sha256: string; file_type: 'pdf' | 'epub' }>(
    `SELECT no, sha256, file_type FROM text_books WHERE no IN (${top.map(() => '?').join(',')})`,
    top.map((g) => g.no),
  );
  const byNo = new Map(books.map((b) => [b.no, b]));
  const sections = await bookSections(db, top.map((g) => g.no));
  const counts = opts.counts === false ? new Map<number, number>() : await countMatches(db, match, parts, top);
  const hits = top.flatMap((g) => {
    const b = byNo.get(g.no);
    const first = sections.get(g.no)?.[g.first];
    return b && first?.length ? [{ sha256: b.sha256, fileType: b.file_type, rows: g.n, matches: counts.get(g.no) ?? g.n, first }] : [];
  });
  hits.sort((a, b) => b.rows - a.rows);
  return { hits, books: top.length, more, next };
}

/** The rows of one book that match, in order, each as its sections (the match is in one or more of them). */
export async function matchingRows(db: Db, sha256: string, q: string): Promise<number[][]> {
  const { phrases } = parseTextQuery(q);
  if (!phrases.length) return [];
  const book = await db.get<{ no: number; base: number; rowCount: number }>('SELECT no, base, row_count AS rowCount FROM text_books WHERE sha256 = ?', [sha256]);
  if (!book?.rowCount) return [];
  const { match } = await expandQuery(db, phrases);
  const rows = await db.all<{ i: number }>(
    'SELECT rowid - ? AS i FROM text_sections WHERE text_sections MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid',
    [book.base, match, book.base, lastRow(book)],
  );
  const list = (await bookSections(db, [book.no])).get(book.no) ?? [];
  return rows.flatMap((r) => (list[r.i] === undefined ? [] : [list[r.i]!]));
}
