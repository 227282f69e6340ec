import { openAsBlob } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/Db';
import { indexBookText } from '../../src/fulltext/indexBookText';
import { openBookText, type BookText } from '../../src/fulltext/bookText';
import { findMatches, makeSnippet } from '../../src/fulltext/findMatches';
import { parseTextQuery } from '../../src/fulltext/textQuery';
import { planTextIndex } from '../../src/fulltext/planTextIndex';
import { matchingRows, searchText } from '../../src/fulltext/searchText';
import { bookSections } from '../../src/fulltext/bookRows';
import { textSnippet } from '../../src/fulltext/textSnippet';
import { ROW_CHARS, ROW_SECTIONS } from '../../src/fulltext/textRows';
import { epubPlace } from '../../src/fulltext/sectionKey';
import { addTextPart, finishTextBook, optimizeStep, removeTextBooks, startTextBook, textBook, textBooks } from '../../src/fulltext/textBooks';
import { expandQuery } from '../../src/fulltext/expandQuery';
import { decodeCounts } from '../../src/fulltext/termCounts';
import { dropTextIndex, ensureTextIndex } from '../../src/fulltext/textIndexSchema';
import { openWaSqlite } from './engines';
import { makeEpub } from './fixtures/epubs';
import { makePdf } from './fixtures/pdfs';

// Real books from Debian's documentation (tests/fixtures), indexed with the wa-sqlite build the
// browser uses: it has FTS5 (sql.js has not).
const fixture = (name: string) => openAsBlob(`tests/fixtures/${name}`);
const R_INTRO = 'r-intro-sha';
const LIVE = 'live-manual-sha';
const DEVREF = 'devref-sha';

async function freshIndex(): Promise<Db> {
  const db = await openWaSqlite();
  await ensureTextIndex(db);
  return db;
}

/** A book's kept term counts, by term. */
async function keptCounts(db: Db, sha256: string): Promise<Record<string, number>> {
  const row = await db.get<{ counts: Uint8Array }>('SELECT r.counts FROM text_book_rows r JOIN text_books b USING (no) WHERE b.sha256 = ?', [sha256]);
  const terms = new Map((await db.all<{ term: string; id: number }>('SELECT term, id FROM text_terms')).map((t) => [t.id, t.term]));
  return Object.fromEntries([...decodeCounts(row!.counts)].map(([id, n]) => [terms.get(id)!, n]).sort());
}

async function indexFixtures(db: Db) {
  expect(await indexBookText(db, await fixture('R-intro.pdf'), R_INTRO, 'pdf')).toBe('done');
  expect(await indexBookText(db, await fixture('live-manual.en.epub'), LIVE, 'epub')).toBe('done');
  expect(await indexBookText(db, await fixture('developers-reference.epub'), DEVREF, 'epub')).toBe('done');
}

describe('full-text index on real books', () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshIndex();
    await indexFixtures(db);
  }, 120_000);

  it('finds a word that is only inside one book, on the right PDF page', async () => {
    // R-intro.pdf, page 41 ("Chapter 7: Reading data from files") mentions data(infert).
    const { hits, books } = await searchText(db, 'infert');
    expect(books).toBe(1);
    expect(hits[0]).toMatchObject({ sha256: R_INTRO, fileType: 'pdf' });
    // The index narrows it to a row of a few pages; the book's text says which page.
    expect(hits[0]!.first).toContain(41);
    const text = await openBookText(await fixture('R-intro.pdf'), 'pdf');
    const snippet = (await textSnippet(text, hits[0]!.first, [['infert']]))!;
    expect(snippet.section).toBe(41);
    expect(snippet.parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['infert']);
    const page = await text.section(41);
    expect(makeSnippet(page, [['infert']]).filter((p) => p.hit).map((p) => p.text)).toEqual(['infert']);
  });

  it('groups hits by book, one row per book with its number of matching rows', async () => {
    const { hits, books } = await searchText(db, 'package');
    expect(books).toBe(3);
    expect(new Set(hits.map((h) => h.sha256))).toEqual(new Set([R_INTRO, LIVE, DEVREF]));
    for (const h of hits) expect(h.rows).toBe((await matchingRows(db, h.sha256, 'package')).length);
    // Most matching rows first.
    expect(hits.map((h) => h.rows)).toEqual([...hits.map((h) => h.rows)].sort((a, b) => b - a));
  });

  it('counts every occurrence of the words in each book, as the text itself has them', async () => {
    const files: Record<string, [string, 'pdf' | 'epub']> = { [R_INTRO]: ['R-intro.pdf', 'pdf'], [LIVE]: ['live-manual.en.epub', 'epub'], [DEVREF]: ['developers-reference.epub', 'epub'] };
    // Counted in the real text, without the index: in every row (the sections the index made one)
    // where each phrase occurs, all occurrences.
    const occurrences = async (hash: string, q: string) => {
      const [name, type] = files[hash]!;
      const text = await openBookText(await fixture(name), type);
      const { phrases } = parseTextQuery(q);
      const no = (await textBook(db, hash))!.no;
      let n = 0;
      for (const row of (await bookSections(db, [no])).get(no)!) {
        const texts = await Promise.all(row.map((s) => text.section(s)));
        const each = phrases.map((p) => texts.reduce((a, t) => a + findMatches(t, [p]).length, 0));
        if (each.every((c) => c > 0)) n += each.reduce((a, b) => a + b, 0);
      }
      return n;
    };
    for (const q of ['package', 'the', '"lb config"', '"reading data from files"', 'infert', 'debian build']) {
      const { hits } = await searchText(db, q);
      expect(hits.length, q).toBeGreaterThan(0);
      for (const h of hits) {
        const n = await occurrences(h.sha256, q);
        expect(h.matches, `${q} in ${files[h.sha256]![0]}`).toBe(n);
        expect(h.matches).toBeGreaterThanOrEqual(h.rows);
      }
    }
  }, 120_000);

  it('every word is a prefix; case ignored; all words must match', async () => {
    const prefix = await searchText(db, 'INFER');
    expect(prefix.hits.map((h) => h.sha256)).toContain(R_INTRO);
    const both = await searchText(db, 'infert lb');
    expect(both.books).toBe(0);
  });

  it('a quoted phrase matches its words in order only', async () => {
    const phrase = await searchText(db, '"reading data from files"');
    expect(phrase.hits.map((h) => h.sha256)).toEqual([R_INTRO]);
    const reversed = await searchText(db, '"files from data reading"');
    expect(reversed.books).toBe(0);
  });

  it('an EPUB hit says which spine item to open', async () => {
    // live-manual: "lb config" is the live-build command, all over the manual.
    const { hits } = await searchText(db, '"lb config"');
    const hit = hits.find((h) => h.sha256 === LIVE)!;
    const book = await openBookText(await fixture('live-manual.en.epub'), 'epub');
    const { section } = (await textSnippet(book, hit.first, [['lb', 'config']]))!;
    expect(hit.first).toContain(section);
    expect((await book.section(section)).toLowerCase()).toContain('lb config');
    // The sections before it in the row do not have it: it is the first match.
    for (const s of hit.first.slice(0, hit.first.indexOf(section))) expect((await book.section(s)).toLowerCase()).not.toContain('lb config');
    expect(epubPlace(section).spineIndex).toBeLessThan(book.units);
  });

  it('the index is a fraction of the text it holds', async () => {
    const chars = (await textBooks(db)).reduce((a, b) => a + b.chars, 0);
    const size = (await db.get<{ n: number }>("SELECT sum(length(block)) AS n FROM text_sections_data"))!.n;
    expect(chars).toBeGreaterThan(500_000);
    expect(size / chars).toBeLessThan(0.6);
  });
});

describe('full-text index upkeep', () => {
  it('folds accents and case the way the title search does', async () => {
    const db = await freshIndex();
    const epub = new Blob([makeEpub({ title: 'Folds', firstPageBody: '<p>Le CAFÉ de Émile, naïve ﬁnesse.</p>' }) as BlobPart]);
    await indexBookText(db, epub, 'fold', 'epub');
    for (const q of ['cafe', 'emile', 'Émi', 'NAIVE', 'finesse', '"le café"']) expect((await searchText(db, q)).books, q).toBe(1);
  });

  it('short sections share a row; a phrase never matches across two of them; a hit names its row and the text the page', async () => {
    const db = await freshIndex();
    // 20 short pages: page 3 ends "reading data", page 4 starts "from files".
    const sections = Array.from({ length: 20 }, (_, i) => ({
      section: i + 1,
      text: i === 2 ? 'page three ends reading data' : i === 3 ? 'from files starts page four' : i === 5 ? 'the kestrel hovers' : `page ${i + 1} text`,
    }));
    const book = await startTextBook(db, 'short', 'pdf');
    await addTextPart(db, book, sections, 20);
    await finishTextBook(db, book, 20);
    expect((await textBook(db, 'short'))!.rowCount).toBe(Math.ceil(20 / ROW_SECTIONS));
    expect((await searchText(db, '"reading data"')).books).toBe(1);
    expect((await searchText(db, '"reading data from files"')).books).toBe(0);
    const hit = (await searchText(db, 'kestrel')).hits[0]!;
    expect(hit.first).toEqual(sections.slice(0, ROW_SECTIONS).map((s) => s.section));
    const text: BookText = { units: 20, unit: async (u) => [sections[u]!], section: async (n) => sections[n - 1]!.text, close: async () => {} };
    expect(await textSnippet(text, hit.first, [['kestrel']])).toMatchObject({ section: 6, parts: [{ text: 'the ', hit: false }, { text: 'kestrel', hit: true }, { text: ' hovers', hit: false }] });
    // By size: two sections over ROW_CHARS together are two rows; three that fit are one.
    const sized = async (sha: string, n: number, size: number) => {
      const b = await startTextBook(db, sha, 'pdf');
      await addTextPart(db, b, Array.from({ length: n }, (_, i) => ({ section: i + 1, text: 'word '.repeat(size / 5) })), n);
      return (await textBook(db, sha))!.rowCount;
    };
    expect(await sized('big', 3, ROW_CHARS * 0.6)).toBe(3);
    expect(await sized('small', 3, ROW_CHARS * 0.3)).toBe(1);
  });

  it('goes on where a killed indexing stopped, without duplicates', async () => {
    const db = await freshIndex();
    const file = await fixture('R-intro.pdf');
    const ac = new AbortController();
    // Stop after the first part is committed: as a closed tab would.
    const stopped = indexBookText(db, file, R_INTRO, 'pdf', { signal: ac.signal, partText: 20_000 });
    const started = Date.now();
    while (((await textBook(db, R_INTRO))?.nextUnit ?? 0) === 0 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 5));
    ac.abort(new DOMException('stop', 'AbortError'));
    await expect(stopped).rejects.toThrow();
    const mid = (await textBook(db, R_INTRO))!;
    expect(mid.state).toBe('indexing');
    expect(mid.nextUnit).toBeGreaterThan(0);
    expect(mid.nextUnit).toBeLessThan(113);

    expect(await indexBookText(db, file, R_INTRO, 'pdf', { partText: 20_000 })).toBe('done');
    // The same rows as a run that was never stopped.
    const whole = await freshIndex();
    await indexBookText(whole, file, R_INTRO, 'pdf', { partText: 20_000 });
    for (const q of ['the', 'infert', '"reading data"']) expect(await matchingRows(db, R_INTRO, q), q).toEqual(await matchingRows(whole, R_INTRO, q));
    expect((await textBook(db, R_INTRO))!.chars).toBe((await textBook(whole, R_INTRO))!.chars);
  }, 120_000);

  it('waits on beforeStep before opening the book and before every page (a reader opening a book goes first)', async () => {
    const db = await freshIndex();
    let steps = 0;
    let reached!: () => void;
    const atPage10 = new Promise<void>((r) => (reached = r));
    let letGo!: () => void;
    const gate = new Promise<void>((r) => (letGo = r));
    const beforeStep = async () => {
      steps++;
      if (steps === 11) {
        reached();
        await gate;
      }
    };
    const done = indexBookText(db, await fixture('R-intro.pdf'), R_INTRO, 'pdf', { beforeStep, partText: 1 });
    await atPage10;
    // Held before page 10 (the open and pages 0–9 read, each page with words committed as its own part): nothing past it.
    const held = (await textBook(db, R_INTRO))!.nextUnit;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(10);
    expect(steps).toBe(11);
    letGo();
    expect(await done).toBe('done');
    // The open, then each of the 113 pages.
    expect(steps).toBe(1 + 113);
  }, 120_000);

  it('a book without text is marked so and not read again', async () => {
    const db = await freshIndex();
    const scan = new Blob([makePdf({ pages: 2, label: '' }) as BlobPart]);
    expect(await indexBookText(db, scan, 'scan', 'pdf')).toBe('no-text');
    // Settled: a second pass does not even open it.
    expect(await indexBookText(db, new Blob(['not a pdf']), 'scan', 'pdf')).toBe('no-text');
    expect(await indexBookText(db, new Blob(['not a pdf']), 'broken', 'pdf')).toBe('failed');
    expect(planTextIndex([{ hash: 'scan', fileType: 'pdf' }, { hash: 'broken', fileType: 'pdf' }], await textBooks(db))).toMatchObject({ toIndex: [], settled: 2, total: 2 });
  });

  it('keys by content: a moved book stays indexed, a changed one is indexed again and its old text removed', async () => {
    const db = await freshIndex();
    await indexBookText(db, await fixture('amsldoc.pdf'), 'old', 'pdf');
    // Moved: same hash at another path, nothing to do.
    expect(planTextIndex([{ hash: 'old', fileType: 'pdf' }], await textBooks(db))).toEqual({ toIndex: [], remove: [], settled: 1, total: 1 });
    // Changed: the catalogue now has a new hash for that book.
    const plan = planTextIndex([{ hash: 'new', fileType: 'pdf' }], await textBooks(db));
    expect(plan.toIndex).toEqual(['new']);
    const before = (await searchText(db, 'the')).books;
    expect(before).toBe(1);
    await removeTextBooks(db, plan.remove);
    expect((await searchText(db, 'the')).books).toBe(0);
    expect(await textBooks(db)).toEqual([]);
  });

  it('a common word lists the first books only, each counted in full, and says more match', async () => {
    const db = await freshIndex();
    // Book n: n + 1 sections, each "the theory" n + 1 times; "them" once a section in book 3.
    // Each section a row of its own (more text than a row takes, of another word).
    const filler = 'lorem '.repeat(Math.ceil(ROW_CHARS / 6));
    for (let n = 0; n < 12; n++) {
      const book = await startTextBook(db, `b${n}`, 'pdf');
      const sections = Array.from({ length: n + 1 }, (_, s) => ({ section: s + 1, text: `${'The theory '.repeat(n + 1)}${n === 3 ? 'them' : ''} ${filler}` }));
      await addTextPart(db, book, sections, n + 1);
      await finishTextBook(db, book, n + 1);
    }
    const page = await searchText(db, 'the', 5);
    expect(page.more).toBe(true);
    expect(page.hits.map((h) => h.sha256)).toEqual(['b4', 'b3', 'b2', 'b1', 'b0']);
    // the, theory (and them in b3): every occurrence of the prefix.
    for (const h of page.hits) {
      const n = Number(h.sha256.slice(1)) + 1;
      expect(h.rows).toBe(n);
      expect(h.matches, h.sha256).toBe(n * n * 2 + (h.sha256 === 'b3' ? n : 0));
    }
    const all = await searchText(db, 'the', 50);
    expect(all).toMatchObject({ books: 12, more: false, next: null });
    // "More": page after page from each page's `next`, every book once, counted as on one page.
    const seen: string[] = [];
    let from: number | undefined;
    for (;;) {
      const p = await searchText(db, 'the', 5, { from });
      seen.push(...p.hits.map((h) => h.sha256).reverse());
      for (const h of p.hits) expect(h.matches).toBe(all.hits.find((a) => a.sha256 === h.sha256)!.matches);
      if (!p.more) break;
      from = p.next!;
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, n) => `b${n}`));
    // Kept counts (text_book_rows.counts) for the terms a book holds often, bm25 for the rest: both exact.
    expect(await keptCounts(db, 'b3')).toEqual({ lorem: 4 * (Math.ceil(ROW_CHARS / 6)), the: 16, theory: 16 });
    // A book resumed after a closed tab (its first part written by another run) keeps no counts and is counted from bm25.
    const first = await startTextBook(db, 'resumed', 'pdf');
    await addTextPart(db, first, [{ section: 1, text: 'the '.repeat(20) }], 1);
    const resumed = await startTextBook(db, 'resumed', 'pdf');
    expect(resumed.terms).toBeUndefined();
    await addTextPart(db, resumed, [{ section: 2, text: 'the '.repeat(30) + 'theory' }], 2);
    await finishTextBook(db, resumed, 2);
    expect(await db.get('SELECT counted FROM text_books WHERE sha256 = ?', ['resumed'])).toEqual({ counted: 0 });
    const last = await searchText(db, 'the', 5, { from: (await searchText(db, 'the', 11)).next! });
    expect(last.hits.map((h) => [h.sha256, h.matches])).toEqual([['b11', 288], ['resumed', 51]]);
    expect((await searchText(db, '"the theory"', 50)).hits.find((h) => h.sha256 === 'b11')!.matches).toBe(12 * 12);
    // The expanded prefix finds exactly the rows FTS5's own prefix query finds.
    const rows = (m: string) => db.all<{ r: number }>('SELECT rowid AS r FROM text_sections WHERE text_sections MATCH ? ORDER BY rowid', [m]);
    for (const q of ['th', 'theo', 'them', 'x']) {
      const { match } = await expandQuery(db, parseTextQuery(q).phrases);
      expect(await rows(match), q).toEqual(await rows(`"${q}" *`));
    }
  });

  it("a book's rows follow the last book's; a resumed book that is no longer last starts again after the others", async () => {
    const db = await freshIndex();
    // Each section a row of its own (more text than a row takes).
    const filler = 'lorem '.repeat(Math.ceil(ROW_CHARS / 6));
    const part = (n: number, word: string) => Array.from({ length: n }, (_, s) => ({ section: (s + 1) * 1024, text: `${word} chapter ${s} ${filler}` }));
    const a = await startTextBook(db, 'a', 'epub');
    await addTextPart(db, a, part(3, 'alpha'), 1);
    // Closed here; another book is indexed meanwhile (the first could not be read this time).
    const b = await startTextBook(db, 'b', 'epub');
    await addTextPart(db, b, part(2, 'beta'), 2);
    expect(b.base).toBe(a.base + 3);
    await finishTextBook(db, b, 2);
    const resumed = await startTextBook(db, 'a', 'epub');
    expect(resumed).toMatchObject({ nextUnit: 0, rowCount: 0 });
    expect(resumed.terms).toBeDefined();
    // Its first rows are gone: nothing is found twice.
    expect(await matchingRows(db, 'a', 'alpha')).toEqual([]);
    // A book started meanwhile with nothing written yet does not stand in its way.
    const c = await startTextBook(db, 'c', 'pdf');
    await addTextPart(db, resumed, part(4, 'alpha'), 2);
    expect(resumed.base).toBe(b.base + 2);
    await finishTextBook(db, resumed, 2);
    expect(await matchingRows(db, 'a', 'alpha')).toEqual([[1024], [2048], [3072], [4096]]);
    expect(await matchingRows(db, 'b', 'beta')).toEqual([[1024], [2048]]);
    const { hits } = await searchText(db, 'chapter');
    expect(hits.map((h) => [h.sha256, h.rows, h.matches, h.first])).toEqual([
      ['a', 4, 4, [1024]],
      ['b', 2, 2, [1024]],
    ]);
    await addTextPart(db, c, [{ section: 7, text: 'gamma' }], 7);
    expect(c.base).toBe(resumed.base + 4);
    expect((await searchText(db, 'gamma')).hits).toMatchObject([{ sha256: 'c', first: [7] }]);
    // A part for a book whose rows are no longer the last is refused, not written over another's.
    const stale = { ...b, state: 'indexing' as const };
    await expect(addTextPart(db, stale, part(1, 'delta'), 3)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await searchText(db, 'delta')).books).toBe(0);
  });

  it('an index of an older version is thrown away and made again when opened', async () => {
    const db = await openWaSqlite();
    // Version 3's layout, with a book in it.
    await db.exec(`CREATE TABLE text_books (no INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, file_type TEXT NOT NULL, state TEXT NOT NULL,
        next_unit INTEGER NOT NULL DEFAULT 0, units INTEGER, chars INTEGER NOT NULL DEFAULT 0, counted INTEGER NOT NULL DEFAULT 0, reason TEXT);
      CREATE TABLE text_counts (no INTEGER NOT NULL, term TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (no, term)) WITHOUT ROWID;
      CREATE TABLE text_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE VIRTUAL TABLE text_sections USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
      INSERT INTO text_books (no, sha256, file_type, state) VALUES (1, 'old', 'pdf', 'done');
      INSERT INTO text_sections (rowid, body) VALUES (16777217, 'old words');
      INSERT INTO text_terms VALUES ('old'), ('words');
      PRAGMA user_version = 3;`);
    await ensureTextIndex(db);
    expect(await db.get('PRAGMA user_version')).toEqual({ user_version: 6 });
    expect(await textBooks(db)).toEqual([]);
    expect(await db.get("SELECT count(*) AS n FROM sqlite_master WHERE name = 'text_counts'")).toEqual({ n: 0 });
    expect((await searchText(db, 'old')).books).toBe(0);
    const book = await startTextBook(db, 'new', 'pdf');
    await addTextPart(db, book, [{ section: 1, text: 'new words' }], 1);
    expect(await finishTextBook(db, book, 1)).toBe('done');
    expect((await searchText(db, 'words')).hits).toMatchObject([{ sha256: 'new', first: [1], matches: 1 }]);
    // Opened again: the same version, kept.
    await ensureTextIndex(db);
    expect((await searchText(db, 'words')).books).toBe(1);
  });

  it('an index of version 4 (no auto-vacuum) is thrown away and its file set to hand free pages back', async () => {
    const db = await openWaSqlite();
    // Version 4's file: auto-vacuum off, a book in it.
    await db.exec(`CREATE TABLE text_books (no INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, file_type TEXT NOT NULL, state TEXT NOT NULL, base INTEGER NOT NULL);
      CREATE VIRTUAL TABLE text_sections USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
      INSERT INTO text_books (no, sha256, file_type, state, base) VALUES (1, 'old', 'pdf', 'done', 1);
      INSERT INTO text_sections (rowid, body) VALUES (1, 'old words');
      PRAGMA user_version = 4;`);
    expect(await db.get('PRAGMA auto_vacuum')).toEqual({ auto_vacuum: 0 });
    await ensureTextIndex(db);
    expect(await db.get('PRAGMA user_version')).toEqual({ user_version: 6 });
    expect(await db.get('PRAGMA auto_vacuum')).toEqual({ auto_vacuum: 2 });
    expect(await textBooks(db)).toEqual([]);
    expect((await searchText(db, 'old')).books).toBe(0);
    const book = await startTextBook(db, 'new', 'pdf');
    await addTextPart(db, book, [{ section: 1, text: 'new words' }], 1);
    expect(await finishTextBook(db, book, 1)).toBe('done');
    expect((await searchText(db, 'words')).hits).toMatchObject([{ sha256: 'new', first: [1], matches: 1 }]);
  });

  it('the idle steps hand the pages merges and removed books freed back to the disk', async () => {
    const db = await freshIndex();
    await indexBookText(db, await fixture('R-intro.pdf'), 'r', 'pdf');
    await indexBookText(db, await fixture('amsldoc.pdf'), 'a', 'pdf');
    const pages = async () => (await db.get<{ page_count: number }>('PRAGMA page_count'))!.page_count;
    const free = async () => (await db.get<{ freelist_count: number }>('PRAGMA freelist_count'))!.freelist_count;
    const full = await pages();
    const r = (await textBooks(db)).find((b) => b.sha256 === 'r')!;
    await removeTextBooks(db, [r.no]);
    // FTS5 merges the deleted rows away: their pages are free, still in the file.
    let steps = 0;
    while (await optimizeStep(db, 8)) steps++;
    expect(steps).toBeGreaterThan(0);
    expect(await free()).toBe(0);
    expect(await pages()).toBeLessThan(full * 0.75);
    expect((await searchText(db, 'infert')).books).toBe(0);
    expect((await searchText(db, 'theorem')).hits).toMatchObject([{ sha256: 'a' }]);
    // A rebuild hands the whole index's pages back at once.
    await dropTextIndex(db);
    expect(await free()).toBe(0);
    expect(await pages()).toBeLessThan(20);
  });

  it('a rebuild throws everything away and indexes again', async () => {
    const db = await freshIndex();
    await indexBookText(db, await fixture('amsldoc.pdf'), 'a', 'pdf');
    await dropTextIndex(db);
    expect(await textBooks(db)).toEqual([]);
    expect((await searchText(db, 'the')).books).toBe(0);
    expect(await indexBookText(db, await fixture('amsldoc.pdf'), 'a', 'pdf')).toBe('done');
    expect((await searchText(db, 'the')).books).toBe(1);
  });
});
