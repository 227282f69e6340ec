/**
 * Text folding for search and sorting, done in JS because neither SQLite build can do it:
 * sql.js and wa-sqlite have no ICU, and SQLite's own lower()/NOCASE only know ASCII.
 * The same function folds what the index stores and what the user types, so "Émile" is found
 * by "emile" and "EMI".
 */

/** Lower case, compatibility-decomposed (ﬁ → fi), combining marks removed (é → e). */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const WORD = /[\p{L}\p{N}]+/gu;
const APOSTROPHES = /['’ʼ`]/g;

/** The words of a string, folded. */
export function words(s: string): string[] {
  return fold(s).match(WORD) ?? [];
}

/**
 * The index terms of a book: every word of its title and author, plus the joined form of
 * words with an apostrophe, so "O'Brien" is found by "brien" and by "obrien".
 */
export function bookTerms(title: string, author: string | null): string[] {
  const text = `${title} ${author ?? ''}`;
  const terms = new Set(words(text));
  for (const w of words(text.replace(APOSTROPHES, ''))) terms.add(w);
  return [...terms];
}

/** Query words (each one a prefix), longest first: the longest is usually the most selective. */
export function queryTerms(q: string): string[] {
  const unique = [...new Set(words(q.replace(APOSTROPHES, '')))];
  // A word that is a prefix of another query word adds nothing: "ann anna" = "anna".
  const kept = unique.filter((w) => !unique.some((o) => o !== w && o.startsWith(w)));
  return kept.sort((a, b) => b.length - a.length);
}

/**
 * Upper bound for a prefix range scan: every string starting with `prefix` is >= prefix and
 * < prefix + U+10FFFF under SQLite's BINARY collation (memcmp of UTF-8; U+10FFFF is the
 * largest code point, so no real term can continue past it).
 */
export function prefixEnd(prefix: string): string {
  return prefix + '\u{10FFFF}';
}

/** Sort key of a title: folded, spaces collapsed, so "émile" sorts with "emile", not after "z". */
export function titleKey(title: string): string {
  return fold(title).replace(/\s+/g, ' ').trim();
}

/**
 * Sort key of an author. Books without an author sort after every author: U+10FFFF is the
 * largest key there can be (see prefixEnd).
 */
export const NO_AUTHOR_KEY = '\u{10FFFF}';
export function authorKey(author: string | null): string {
  const k = author == null ? '' : titleKey(author);
  return k || NO_AUTHOR_KEY;
}
