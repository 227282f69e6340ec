import type { Db } from '../db/Db';
import { bookOfRow, bookSections, lastRow, type BookRows } from './bookRows';
import { countMatches } from './countMatches';
import { expandQuery } from './expandQuery';
import { parseTextQuery } from './textQuery';

export interface TextHit {
  sha256: string;
  fileType: 'pdf' | 'epub';
  /** Sections (PDF pages, EPUB parts) that match. */
  sections: number;
  /** Occurrences of the words (each phrase counted once per place it occurs) in those sections. */
  matches: number;
  /** The first matching section: where "open at the match" goes. */
  section: number;
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

type Group = BookRows & { n: number; first: number };

/**
 * The first `chunk` matching rows from `after` on, grouped by book in rowid order: how many rows
 * each book has among them and its first (as the row's index in the book). The rows' books are
 * looked up once for the chunk's span (text_books_base) and the rows grouped here: a lookup per
 * row in SQL tripled the time of a common word's list.
 */
async function groupByBook(db: Db, match: string, after: number, chunk: number): Promise<{ groups: Group[]; read: number }> {
  const rows = await db.all<{ r: number }>('SELECT rowid AS r FROM text_sections WHERE text_sections MATCH ? AND rowid >= ? ORDER BY rowid LIMIT ?', [match, after, chunk]);
  if (!rows.length) return { groups: [], read: 0 };
  const books = await db.all<BookRows>(
    `SELECT no, base, row_count AS rowCount FROM text_books
      WHERE row_count > 0 AND base BETWEEN (SELECT base FROM text_books WHERE base <= ? AND row_count > 0 ORDER BY base DESC LIMIT 1) AND ?
      ORDER BY base`,
    [rows[0]!.r, rows[rows.length - 1]!.r],
  );
  const groups: Group[] = [];
  let g: Group | undefined;
  for (const { r } of rows) {
    if (!g || r > lastRow(g)) {
      const b = bookOfRow(books, r);
      if (!b) continue;
      g = { ...b, n: 0, first: r - b.base };
      groups.push(g);
    }
    g.n++;
  }
  return { groups, read: rows.length };
}

/** Rows read per step of the walk over the matches; doubled each step. */
const FIRST_CHUNK = 2048;

/**
 * The first `limit` books (in the index's order: the order they were indexed) whose text
 * matches, from the row `from` on (a previous page's `next`: "More"), most matching sections first among them. The matches are walked in rowid order, a
 * chunk of rows at a time grouped by book (each book's rows are one range), until `limit` + 1
 * books are seen: a common word costs the books shown, not every matching row of the library.
 * Occurrences are counted for the books shown only, and only with `counts` (the default):
 * without, `matches` is the number of matching sections. Counting is most of a common word's
 * time: bm25 (what the counts are solved from) first counts the rows of each of its terms over
 * the whole index.
 */
export async function searchText(db: Db, q: string, limit = 50, opts: { counts?: boolean; from?: number } = {}): Promise<TextSearchResult> {
  const { phrases } = parseTextQuery(q);
  if (!phrases.length) return { hits: [], books: 0, more: false, next: null };
  const { match, parts } = await expandQuery(db, phrases);
  const groups: Group[] = [];
  let after = opts.from ?? 0;
  let chunk = FIRST_CHUNK;
  for (;;) {
    const { groups: step, read } = await groupByBook(db, match, after, chunk);
    const done = read < chunk;
    // The chunk may end inside its last book: that book is read again, whole, by the next step.
    const whole = done ? step : step.slice(0, -1);
    groups.push(...whole);
    if (done || groups.length > limit) break;
    after = whole.length ? lastRow(whole[whole.length - 1]!) + 1 : after;
    if (!whole.length) chunk *= 2; // one book with more matching sections than a chunk
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
    const section = sections.get(g.no)?.[g.first];
    return b && section !== undefined ? [{ sha256: b.sha256, fileType: b.file_type, sections: g.n, matches: counts.get(g.no) ?? g.n, section }] : [];
  });
  hits.sort((a, b) => b.sections - a.sections);
  return { hits, books: top.length, more, next };
}

/** Which sections of one book match, in order: the reader's "n of N" across the book. */
export async function matchingSections(db: Db, sha256: string, q: string): Promise<number[]> {
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
