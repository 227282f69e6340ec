import { describe, expect, it } from 'vitest';
import { authorKey, bookTerms, fold, NO_AUTHOR_KEY, prefixEnd, queryTerms, titleKey, words } from '../../src/domain/search';
import type { Db } from '../../src/db/Db';
import { migrate } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/loadMigrations';
import { makeHandlers } from '../../src/db/handlers';
import { insertBook } from '../../src/db/queries/books';
import { insertUser } from '../../src/db/queries/users';
import { insertSession, newToken } from '../../src/db/queries/sessions';
import { engines, openMigrated } from './engines';
import { hasFilters, normaliseQuery, queryToParams, showsNowReading, DEFAULT_QUERY } from '../../src/domain/library';
import { isShareTokenShape, newShareToken, SHARE_TOKEN_BYTES } from '../../src/domain/shareToken';

describe('folding', () => {
  it('lower-cases and removes accents, in any normalisation form', () => {
    expect(fold('Émile Zola')).toBe('emile zola');
    expect(fold('E\u0301mile')).toBe('emile'); // decomposed input
    expect(fold('ŁÓDŹ Straße Søren naïve')).toBe('lodz strasse soren naive');
    expect(fold('ﬁction')).toBe('fiction'); // compatibility ligature
  });

  it('spells out letters that do not decompose, as search engines fold them', () => {
    expect(fold('Ørsted ÆRØ Straße STRAẞE Łódź Đorđe Þórr Ðe Iıİ Œuvre Ħal ŧ ŋ')).toBe('orsted aero strasse strasse lodz dorde thorr de iii oeuvre hal t n');
    expect(words('Weiß-Ærø')).toEqual(['weiss', 'aero']);
    // Both sides go through the same folding: typed with or without the letters, they meet.
    expect(queryTerms('ORSTED strasse')).toEqual(['strasse', 'orsted']);
    expect(queryTerms('Ørsted Straße')).toEqual(['strasse', 'orsted']);
  });

  it('also indexes the transliterated spelling of ä ö ü ø å (ae oe ue oe aa)', () => {
    const terms = bookTerms('Ærø og Ørsted', 'Müller Åse');
    expect(terms).toEqual(expect.arrayContaining(['aero', 'aeroe', 'orsted', 'oersted', 'muller', 'mueller', 'ase', 'aase']));
    expect(bookTerms('Title', null)).toEqual(['title']);
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

const FOLDED_TITLES: [string, string | null][] = [
  ['H. C. Ørsted: Selected Works', 'Hans Christian Ørsted'],
  ['Ærø og Marstal', null],
  ['Straße der Sterne', 'Ingrid Weiß'],
  ['Łódź Diaries', 'Dawid Sierakowiak'],
  ['Þórr and the Giants', 'Snorri Sturluson'],
  ['Đorđe’s Letters', 'Đorđe Balašević'],
  ['Œuvres complètes', 'Arthur Rimbaud'],
  ['Plain English', 'Someone Else'],
];

/** The words a user types and the titles that must come back. */
const FOLDED_SEARCHES: [string, string[]][] = [
  ['orsted', ['H. C. Ørsted: Selected Works']],
  ['oersted hans', ['H. C. Ørsted: Selected Works']],
  ['aeroe', ['Ærø og Marstal']],
  ['aero', ['Ærø og Marstal']],
  ['strasse', ['Straße der Sterne']],
  ['weiss', ['Straße der Sterne']],
  ['STRASSE', ['Straße der Sterne']],
  ['Straße', ['Straße der Sterne']],
  ['lodz', ['Łódź Diaries']],
  ['ŁÓDŹ', ['Łódź Diaries']],
  ['thorr', ['Þórr and the Giants']],
  ['dorde balasevic', ['Đorđe’s Letters']],
  ['oeuvres', ['Œuvres complètes']],
  ['plain', ['Plain English']],
];

/** A reader's session on `db` (the reader made on first use) and a search through the worker's API. */
async function signedIn(db: Db) {
  const email = 'reader@example.org';
  const user = (await db.get<{ id: string }>('SELECT id FROM users WHERE email = ?', [email])) ?? (await insertUser(db, { email, displayName: 'Reader', role: 'user', passwordHash: 'x' }));
  const token = newToken();
  await insertSession(db, token, { userId: user.id, now: 1_800_000_000, persistent: false, mustChangePassword: false });
  const api = makeHandlers({ db, now: () => 1_800_000_000, changed: () => {} });
  const find = async (q: string) => (await api.listBooks(token, { ...DEFAULT_QUERY, q, sort: 'title' }, { offset: 0, limit: 50 })).books.map((b) => b.title).sort();
  return { find };
}

describe.each(engines)('folded search on $name', (engine) => {
  it('finds every title by its folded and transliterated spellings', async () => {
    const db = await openMigrated(engine);
    for (const [i, [title, author]] of FOLDED_TITLES.entries()) {
      await insertBook(db, { title, author, fileType: 'pdf', filePath: `b${i}.pdf`, fileSize: 1, fileHash: `h${i}`, addedAt: 1_700_000_000 + i });
    }
    const { find } = await signedIn(db);
    for (const [q, titles] of FOLDED_SEARCHES) expect(await find(q), q).toEqual(titles);
    await db.close();
  });

  it('a library indexed before migration 0005 is indexed again by it', async () => {
    const db = await engine.open();
    const all = loadMigrations();
    await migrate(db, all.filter((m) => m.name < '0005'));
    for (const [i, [title, author]] of FOLDED_TITLES.entries()) {
      // The columns of that time (insertBook writes later ones too).
      await db.run(
        `INSERT INTO books (id, title, author, file_type, file_path, file_size, file_hash, added_at, updated_at)
         VALUES (?, ?, ?, 'pdf', ?, 1, ?, ?, ?)`,
        [`id${i}`, title, author, `b${i}.pdf`, `h${i}`, 1_700_000_000 + i, 1_700_000_000 + i],
      );
    }
    // What the earlier folding stored (marks removed, nothing spelled out), as such a library has it.
    await db.run('DELETE FROM book_terms');
    const oldFold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
    for (const b of await db.all<{ seq: number; title: string; author: string | null }>('SELECT seq, title, author FROM books')) {
      const terms = new Set(oldFold(`${b.title} ${b.author ?? ''}`).match(/[\p{L}\p{N}]+/gu));
      for (const t of terms) await db.run('INSERT INTO book_terms (term, seq) VALUES (?, ?)', [t, Number(b.seq)]);
      await db.run('UPDATE books SET title_key = ? WHERE seq = ?', [oldFold(b.title), Number(b.seq)]);
    }
    // Nothing finds these spellings yet (today's queries need later columns, so the index is asked).
    expect(await db.all("SELECT term FROM book_terms WHERE term IN ('orsted', 'strasse')")).toEqual([]);

    const result = await migrate(db, all);
    expect(result.applied).toContain('0005_search_folding.sql');
    const after = await signedIn(db);
    for (const [q, titles] of FOLDED_SEARCHES) expect(await after.find(q), q).toEqual(titles);
    const keys = await db.all<{ title_key: string }>("SELECT title_key FROM books WHERE title LIKE 'Stra%'");
    expect(keys.map((k) => k.title_key)).toEqual(['strasse der sterne']);
    await db.close();
  });
});
