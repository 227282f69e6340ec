import { words } from '../domain/search';

/**
 * What the user typed, as an FTS5 query. Words outside quotes are each a prefix ("hist" finds
 * "history"); a quoted phrase matches its words in order, its last word a prefix. Everything is
 * folded as the index is (case and accents ignored), and quoted as FTS5 strings, so nothing the
 * user types is FTS5 syntax. Every part must match (AND).
 */
export interface TextQuery {
  /** The FTS5 MATCH expression, or null when there is nothing to search for. */
  match: string | null;
  /** Groups of folded words, each a phrase (a lone word is a phrase of one): for highlighting. */
  phrases: string[][];
  /** Each phrase as its own FTS5 expression (`match` is them joined with AND). */
  parts: string[];
}

const PART = /"([^"]*)"?|[^\s"]+/g;

export function parseTextQuery(q: string): TextQuery {
  const phrases: string[][] = [];
  for (const m of q.matchAll(PART)) {
    // A word with an apostrophe or a hyphen is several index terms: a phrase of them.
    const ws = words(m[1] ?? m[0]);
    if (ws.length) phrases.push(ws);
  }
  if (!phrases.length) return { match: null, phrases, parts: [] };
  const parts = phrases.map((p) => `"${p.join(' ')}" *`);
  return { match: parts.join(' AND '), phrases, parts };
}

/**
 * The query for pdf.js's find (which ignores case and, with matchDiacritics off, accents): one
 * term per phrase, any of them matching, so the reader marks every word the index matched.
 */
export function findTerms(q: string): string[] {
  return parseTextQuery(q).phrases.map((p) => p.join(' '));
}
