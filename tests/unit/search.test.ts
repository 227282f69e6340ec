import { describe, expect, it } from 'vitest';
import { authorKey, bookTerms, fold, NO_AUTHOR_KEY, prefixEnd, queryTerms, titleKey, words } from '../../src/domain/search';
import { hasFilters, normaliseQuery, queryToParams, showsNowReading, DEFAULT_QUERY } from '../../src/domain/library';
import { isShareTokenShape, newShareToken, SHARE_TOKEN_BYTES } from '../../src/domain/shareToken';

describe('folding', () => {
  it('lower-cases and removes accents, in any normalisation form', () => {
    expect(fold('Émile Zola')).toBe('emile zola');
    expect(fold('E\u0301mile')).toBe('emile'); // decomposed input
    expect(fold('ŁÓDŹ Straße Søren naïve')).toBe('łodz straße søren naive');
    expect(fold('ﬁction')).toBe('fiction'); // compatibility ligature
  });

  it('splits words on anything that is not a letter or digit', () => {
    expect(words('R-intro: a guide (2nd ed.)')).toEqual(['r', 'intro', 'a', 'guide', '2nd', 'ed']);
    expect(words('日本語の本')).toEqual(['日本語の本']);
  });

  it('indexes title and author words, plus words joined across an apostrophe', () => {
    const terms = bookTerms("L'Étranger", "Flann O'Brien");
    expect(terms).toEqual(expect.arrayContaining(['l', 'etranger', 'letranger', 'flann', 'o', 'brien', 'obrien']));
    expect(new Set(terms).size).toBe(terms.length);
    expect(bookTerms('Title', null)).toEqual(['title']);
  });

  it('query words: folded, deduplicated, a word that is a prefix of another dropped, longest first', () => {
    expect(queryTerms('  ÉMILE   zo ')).toEqual(['emile', 'zo']);
    expect(queryTerms('ann anna')).toEqual(['anna']);
    expect(queryTerms("o'bri")).toEqual(['obri']);
    expect(queryTerms(' - ')).toEqual([]);
  });

  it('prefix ranges include every continuation and nothing else', () => {
    const end = prefixEnd('hist');
    const inRange = (s: string) => s >= 'hist' && s < end;
    // (SQLite compares UTF-8 bytes, JS UTF-16 units; the library tests check the SQLite side.)
    expect(['hist', 'history', 'histoire', 'histé'].every(inRange)).toBe(true);
    expect(['his', 'hiss', 'hisu', 'hiu'].some(inRange)).toBe(false);
  });

  it('sort keys fold case and accents; books without an author sort last', () => {
    expect(titleKey('  Émile   and  me ')).toBe('emile and me');
    expect(authorKey(null)).toBe(NO_AUTHOR_KEY);
    expect(authorKey('   ')).toBe(NO_AUTHOR_KEY);
    expect(authorKey('Zoë') < NO_AUTHOR_KEY).toBe(true);
    expect(authorKey('日本') < NO_AUTHOR_KEY).toBe(true);
  });
});

describe('library query', () => {
  it('normalises anything into a valid query', () => {
    expect(normaliseQuery(undefined)).toEqual(DEFAULT_QUERY);
    expect(normaliseQuery({ q: 'x', format: 'mobi', status: 'reading', sort: 'random' })).toEqual({ q: 'x', format: 'all', status: 'reading', sort: 'added' });
    expect(normaliseQuery({ q: 'y'.repeat(500) }).q).toHaveLength(200);
    expect(normaliseQuery({ q: 42 }).q).toBe('');
  });

  it('the shelf shows only when nothing narrows the view (sorting does not)', () => {
    expect(showsNowReading(DEFAULT_QUERY)).toBe(true);
    expect(showsNowReading({ ...DEFAULT_QUERY, sort: 'title' })).toBe(true);
    expect(showsNowReading({ ...DEFAULT_QUERY, q: 'a' })).toBe(false);
    expect(showsNowReading({ ...DEFAULT_QUERY, q: '   ' })).toBe(true);
    expect(showsNowReading({ ...DEFAULT_QUERY, format: 'pdf' })).toBe(false);
    expect(hasFilters({ ...DEFAULT_QUERY, status: 'completed' })).toBe(true);
  });

  it('URL parameters leave the defaults out', () => {
    expect(queryToParams(DEFAULT_QUERY)).toEqual({ q: undefined, format: undefined, status: undefined, sort: undefined });
    expect(queryToParams({ q: 'a b', format: 'epub', status: 'reading', sort: 'title' })).toEqual({ q: 'a b', format: 'epub', status: 'reading', sort: 'title' });
  });
});

describe('share tokens', () => {
  it('are 128 random bits in URL-safe base64, never repeated', () => {
    expect(SHARE_TOKEN_BYTES * 8).toBeGreaterThanOrEqual(122);
    const tokens = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const t = newShareToken();
      expect(isShareTokenShape(t)).toBe(true);
      expect(Buffer.from(t, 'base64url')).toHaveLength(16);
      tokens.add(t);
    }
    expect(tokens.size).toBe(2000);
  });

  it('anything else is not a token', () => {
    for (const bad of ['', 'abc', 'x'.repeat(23), 'a+b/c=d'.padEnd(22, 'a'), null, 42, '../../etc/passwd'.padEnd(22, 'a')]) {
      expect(isShareTokenShape(bad)).toBe(false);
    }
  });
});
