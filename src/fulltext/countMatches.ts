import type { Db } from '../db/Db';
import { bookOfRow, lastRow, type BookRows } from './bookRows';
import { decodeCounts } from './termCounts';

/**
 * How many times a query's words occur in some books (the rows the library shows), from the
 * index alone: the index keeps no text, and reading a PDF's pages again to count would take
 * seconds.
 *
 * FTS5 has no per-row occurrence count a query can return, but its bm25() is a known function of
 * it: for one phrase, score = -idf · f·(k1+1) / (f + k1·(1 − b + b·D/avgdl)), with k1 = 1.2,
 * b = 0.75, f the phrase's occurrences in the row, D the row's token count, avgdl the mean, and
 * idf = ln((N − n + 0.5)/(n + 0.5)) (1e-6 when not positive) over N rows, n of them matching.
 * D comes from the table's docsize record, N and the token total from its averages record (both
 * part of FTS5's documented on-disk format); so f is solved exactly from each row's score. One
 * statement per phrase of the query, each reading only the shown books' rows.
 */
const K1 = 1.2;
const B = 0.75;

/** An SQLite varint (big-endian, 7 bits a byte, the 9th byte whole), as FTS5 writes them. */
function varints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let v = 0;
    for (let k = 0; ; k++) {
      const b = bytes[i++]!;
      if (k === 8) {
        v = v * 256 + b;
        break;
      }
      v = v * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    out.push(v);
  }
  return out;
}

const blob = (v: unknown): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(v as ArrayBuffer));

/**
 * Occurrences per book number of a query's words in the rows of `books` (the books shown, in
 * rowid order, one after another) that match the whole query `match`. `parts` are the query's parts, each a list of
 * single FTS5 phrases (an expanded prefix: `"the"`, `"them"`…); occurrences of a part are the
 * sum over its phrases, each counted from its own bm25 (one phrase per statement, so the score
 * is one phrase's).
 */
export async function countMatches(db: Db, match: string, parts: string[][], books: BookRows[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (!books.length) return counts;
  const [from, to] = [books[0]!.base, lastRow(books[books.length - 1]!)];
  const nos = books.map((b) => b.no);
  const marks = nos.map(() => '?').join(',');
  let phrases = parts.flat();
  // One word (its prefix expanded to terms): every row holding a term matches, so a book's
  // occurrences are the sum of its terms' counts kept at indexing (text_counts). A term a book
  // holds fewer times than kept (or a book resumed midway, not counted) is counted from bm25.
  const words = parts.length === 1 ? parts[0]!.map((p) => /^"([^" ]+)"$/.exec(p)?.[1]) : [];
  if (words.length && words.every((w) => w !== undefined)) {
    const terms = words as string[];
    const kept = new Map<string, Map<number, number>>(terms.map((t) => [t, new Map()]));
    const ids = await db.all<{ term: string; id: number }>(`SELECT term, id FROM text_terms WHERE term IN (${terms.map(() => '?').join(',')})`, terms);
    const lists = await db.all<{ no: number; counts: Uint8Array }>(
      `SELECT r.no AS no, r.counts AS counts FROM text_book_rows r JOIN text_books b ON b.no = r.no
        WHERE r.no IN (${marks}) AND b.state = 'done' AND r.counts IS NOT NULL`,
      nos,
    );
    const counted = lists.length;
    for (const l of lists) {
      const byId = decodeCounts(blob(l.counts));
      for (const { term, id } of ids) {
        const n = byId.get(id);
        if (n !== undefined) kept.get(term)!.set(l.no, n);
      }
    }
    phrases = [];
    for (const t of terms) {
      const byBook = kept.get(t)!;
      // Books shown without a kept count for this term: do they hold it at all? (A book not
      // counted, or holding it fewer times than kept, is then counted from bm25.)
      const lacking =
        byBook.size === counted && counted === books.length
          ? []
          : (await db.all<{ r: number }>('SELECT rowid AS r FROM text_sections WHERE text_sections MATCH ? AND rowid BETWEEN ? AND ?', [`"${t}"`, from, to])).map(
              (x) => bookOfRow(books, x.r)?.no,
            );
      if (lacking.some((no) => no !== undefined && !byBook.has(no))) {
        // Counted from bm25 below, for every book (a kept count is not added twice).
        phrases.push(`"${t}"`);
        continue;
      }
      for (const [no, n] of byBook) counts.set(no, (counts.get(no) ?? 0) + n);
    }
    if (!phrases.length) return counts;
  }
  const avg = await db.get<{ block: unknown }>('SELECT block FROM text_sections_data WHERE id = 1');
  if (!avg) return counts;
  const [rows = 0, tokens = 0] = varints(blob(avg.block));
  const avgdl = Math.max(1, tokens / Math.max(1, rows));
  // With several parts a row holding one part's words may lack another's: only the rows matching all count.
  const matching =
    parts.length > 1
      ? new Set(
          (await db.all<{ r: number }>('SELECT rowid AS r FROM text_sections WHERE text_sections MATCH ? AND rowid BETWEEN ? AND ?', [match, from, to])).map(
            (x) => x.r,
          ),
        )
      : null;
  for (const phrase of phrases) {
    const scored = await db.all<{ r: number; s: number; sz: unknown }>(
      `SELECT rowid AS r, bm25(text_sections) AS s, (SELECT sz FROM text_sections_docsize WHERE id = text_sections.rowid) AS sz
         FROM text_sections WHERE text_sections MATCH ? AND rowid BETWEEN ? AND ?`,
      [phrase, from, to],
    );
    if (!scored.length) continue;
    // n: rows matching this phrase in the whole index, as bm25 counts them for its idf.
    const hit = await db.get<{ n: number }>('SELECT count(*) AS n FROM text_sections WHERE text_sections MATCH ?', [phrase]);
    const n = hit?.n ?? 0;
    const idf = Math.log((rows - n + 0.5) / (n + 0.5)) > 0 ? Math.log((rows - n + 0.5) / (n + 0.5)) : 1e-6;
    for (const row of scored) {
      if (matching && !matching.has(row.r)) continue;
      const d = varints(blob(row.sz))[0] ?? 0;
      const k = K1 * (1 - B + (B * d) / avgdl);
      const g = -row.s / idf;
      const f = Math.max(1, Math.round((g * k) / (K1 + 1 - g)));
      const no = bookOfRow(books, row.r)?.no;
      if (no !== undefined) counts.set(no, (counts.get(no) ?? 0) + f);
    }
  }
  return counts;
}
