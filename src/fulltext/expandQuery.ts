import type { Db } from '../db/Db';

/**
 * A text query with its prefixes expanded to the index's terms (text_terms): each part an OR of
 * exact phrases. Exact terms are read lazily from their doclists and a rowid range is a seek, so
 * the first books of a common word cost what is shown, not the whole library; FTS5's own prefix
 * query (`"the" *`) merges every matching term's positions over all rows before the first result.
 * A prefix with more than MAX_TERMS terms (one or two letters) keeps FTS5's prefix query: an OR
 * that wide costs more than the merge.
 */
export interface ExpandedQuery {
  match: string;
  /** Per part of the query, its phrases of one FTS5 phrase each: what bm25 can count alone. */
  parts: string[][];
}

const MAX_TERMS = 64;

export async function expandQuery(db: Db, phrases: string[][]): Promise<ExpandedQuery> {
  const parts: string[][] = [];
  for (const p of phrases) {
    const head = p.slice(0, -1);
    const last = p[p.length - 1]!;
    const rows = await db.all<{ term: string }>('SELECT term FROM text_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?', [
      last,
      last + '\u{10FFFF}',
      MAX_TERMS + 1,
    ]);
    // None: nothing matches, and FTS5's prefix query says so as cheaply (and covers a term the
    // vocabulary might lack).
    if (!rows.length || rows.length > MAX_TERMS) parts.push([`"${p.join(' ')}" *`]);
    else parts.push(rows.map((r) => `"${[...head, r.term].join(' ')}"`));
  }
  return { match: parts.map((ps) => (ps.length === 1 ? ps[0]! : `(${ps.join(' OR ')})`)).join(' AND '), parts };
}
