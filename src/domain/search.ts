/**
 * Text folding for search and sorting, done in JS because neither SQLite build can do it:
 * sql.js and wa-sqlite have no ICU, and SQLite's own lower()/NOCASE only know ASCII.
 * The same function folds what the index stores and what the user types, so "Émile" is found
 * by "emile" and "EMI".
 */

/**
 * Letters that carry their mark inside (no Unicode decomposition), spelled as search engines
 * spell them when folding to ASCII (Lucene's ASCIIFoldingFilter, ICU folding): "orsted" finds
 * "Ørsted", "strasse" "Straße", "lodz" "Łódź". Lower case only: folding lower-cases first.
 */
const LETTERS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't',
  ŋ: 'n', ĸ: 'q', ƒ: 'f', ƿ: 'w', ȝ: 'z', ſ: 's', ȣ: 'ou', ɐ: 'a', ƀ: 'b', ɓ: 'b', ƈ: 'c', ȼ: 'c',
  ɕ: 'c', ɗ: 'd', ɖ: 'd', ƌ: 'd', ȡ: 'd', ɇ: 'e', ɛ: 'e', ǝ: 'e', ə: 'e', ǥ: 'g', ɠ: 'g', ɦ: 'h',
  ɨ: 'i', ɉ: 'j', ƙ: 'k', ƚ: 'l', ȴ: 'l', ɫ: 'l', ɬ: 'l', ɭ: 'l', ɱ: 'm', ɲ: 'n', ƞ: 'n', ȵ: 'n',
  ɵ: 'o', ɔ: 'o', ƥ: 'p', ʠ: 'q', ɍ: 'r', ɽ: 'r', ɼ: 'r', ʂ: 's', ȿ: 's', ƭ: 't', ʈ: 't', ȶ: 't',
  ʉ: 'u', ʋ: 'v', ƴ: 'y', ɏ: 'y', ƶ: 'z', ȥ: 'z', ʐ: 'z', ʑ: 'z', ɀ: 'z', ꝏ: 'oo', ꜳ: 'aa',
  ꜵ: 'ao', ꜷ: 'au', ꜹ: 'av', ꜽ: 'ay', ς: 'σ',
};
const LETTER = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'gu');

/**
 * Lower case, compatibility-decomposed (ﬁ → fi), combining marks removed (é → e), and the
 * letters above spelled out. Stored words and queries both go through it, so they always meet.
 */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(LETTER, (c) => LETTERS[c]!);
}

const WORD = /[\p{L}\p{N}]+/gu;
const APOSTROPHES = /['’ʼ`]/g;

/** The words of a string, folded. */
export function words(s: string): string[] {
  return fold(s).match(WORD) ?? [];
}

/**
 * The other way of typing the Germanic vowels: ä ö ü as ae oe ue, ø as oe, å as aa ("Mueller",
 * "Aeroe", "Aarhus"). Only the stored side gets this spelling too: both then find the book.
 */
export function transliterate(s: string): string {
  return s
    .normalize('NFD')
    .replace(/([aouAOU])\u0308/g, '$1e')
    .replace(/([aA])\u030A/g, '$1a')
    .replace(/ø/g, 'oe')
    .replace(/Ø/g, 'Oe');
}

/**
 * The index terms of a book: every word of its title and author, plus the joined form of
 * words with an apostrophe, so "O'Brien" is found by "brien" and by "obrien", plus the
 * transliterated spelling of words with ä ö ü ø å.
 */
export function bookTerms(title: string, author: string | null): string[] {
  const text = `${title} ${author ?? ''}`;
  const terms = new Set<string>();
  for (const t of [text, text.replace(APOSTROPHES, '')]) {
    for (const w of words(t)) terms.add(w);
    for (const w of words(transliterate(t))) terms.add(w);
  }
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
