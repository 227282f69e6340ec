import type { Db } from '../db/Db';
import { SECTION_BITS } from './sectionKey';
import { countMatches } from './countMatches';
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
  /** Books with a match in all (hits holds the first `limit`). */
  books: number;
}

/**
 * Books whose text matches, most matching sections first. One pass over the matching rowids;
 * the book is the rowid's high bits, so grouping needs no join until the few books shown.
 */
export async function searchText(db: Db, q: string, limit = 50): Promise<TextSearchResult> {
  const { match, parts } = parseTextQuery(q);
  if (!match) return { hits: [], books: 0 };
  const shift = 2 ** SECTION_BITS;
  const groups = await db.all<{ no: number; n: number; first: number }>(
    `SELECT rowid / ${shift} AS no, count(*) AS n, min(rowid) % ${shift} AS first
       FROM text_sections WHERE text_sections MATCH ? GROUP BY 1`,
    [match],
  );
  groups.sort((a, b) => b.n - a.n || a.no - b.no);
  const top = groups.slice(0, limit);
  if (!top.length) return { hits: [], books: 0 };
  const books = await db.all<{ no: number; sha256: string; file_type: 'pdf' | 'epub' }>(
    `SELECT no, sha256, file_type FROM text_books WHERE no IN (${top.map(() => '?').join(',')})`,
    top.map((g) => g.no),
  );
  const byNo = new Map(books.map((b) => [b.no, b]));
  const counts = await countMatches(db, match, parts, top.map((g) => g.no));
  const hits = top.flatMap((g) => {
    const b = byNo.get(g.no);
    return b ? [{ sha256: b.sha256, fileType: b.file_type, sections: g.n, matches: counts.get(g.no) ?? g.n, section: g.first }] : [];
  });
  return { hits, books: groups.length };
}

/** Which sections of one book match, in order: the reader's "n of N" across the book. */
export async function matchingSections(db: Db, sha256: string, q: string): Promise<number[]> {
  const { match } = parseTextQuery(q);
  if (!match) return [];
  const book = await db.get<{ no: number }>('SELECT no FROM text_books WHERE sha256 = ?', [sha256]);
  if (!book) return [];
  const shift = 2 ** SECTION_BITS;
  const rows = await db.all<{ s: number }>(
    `SELECT rowid % ${shift} AS s FROM text_sections WHERE text_sections MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid`,
    [match, book.no * shift, (book.no + 1) * shift - 1],
  );
  return rows.map((r) => r.s);
}
