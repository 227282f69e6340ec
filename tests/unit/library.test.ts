import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeTestApi, type TestApi } from './testApi';
import { makeBook } from './factories';
import { setProgress, signedInUser } from './libraryHelpers';
import type { BookCard, LibraryQuery } from '../../src/domain/library';
import { FORMATS, SORTS, STATUSES, DEFAULT_QUERY } from '../../src/domain/library';
import type { Book, ReadingStatus } from '../../src/domain/types';
import { deleteBook, updateBook } from '../../src/db/queries/books';
import { DRIVE_MAX } from '../../src/db/queries/library';
import { rebuildSearchIndex } from '../../src/db/queries/searchIndex';
import { addBookToCollection, insertCollection } from '../../src/db/queries/collections';

// ---- An independent model of what the grid must show, to compare the SQL against ----

// Marks removed, and the two letters without a decomposition that these titles use spelled out.
const strip = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ø/g, 'o').replace(/ß/g, 'ss');
const wordsOf = (s: string) => strip(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
/** SQLite's BINARY collation: UTF-8 bytes. */
const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

interface Model {
  books: Book[];
  progress: Map<string, { status: ReadingStatus; lastReadAt: number | null }>;
  collection?: Set<string>;
}

function matches(b: Book, q: string): boolean {
  const qs = wordsOf(q.replace(/['’]/g, ''));
  const text = `${b.title} ${b.author ?? ''}`;
  const ws = [...wordsOf(text), ...wordsOf(text.replace(/['’]/g, ''))];
  return qs.every((w) => ws.some((x) => x.startsWith(w)));
}

function expected(m: Model, query: LibraryQuery, excludeReading: boolean): string[] {
  const status = (b: Book) => m.progress.get(b.id)?.status ?? 'not_started';
  const last = (b: Book) => m.progress.get(b.id)?.lastReadAt ?? null;
  const list = m.books.filter(
    (b) =>
      (!m.collection || m.collection.has(b.id)) &&
      matches(b, query.q) &&
      (query.format === 'all' || b.fileType === query.format) &&
      (query.status === 'all' || status(b) === query.status) &&
      !(excludeReading && query.status === 'all' && status(b) === 'reading'),
  );
  const title = (b: Book) => strip(b.title).replace(/\s+/g, ' ').trim();
  const author = (b: Book) => (b.author?.trim() ? strip(b.author).replace(/\s+/g, ' ').trim() : '\u{10FFFF}');
  const byAdded = (a: Book, b: Book) => b.addedAt - a.addedAt;
  const sorts: Record<LibraryQuery['sort'], (a: Book, b: Book) => number> = {
    added: byAdded,
    title: (a, b) => bytes(title(a), title(b)),
    author: (a, b) => bytes(author(a), author(b)) || bytes(title(a), title(b)),
    read: (a, b) => {
      const la = last(a);
      const lb = last(b);
      if (la != null && lb != null) return lb - la;
      if (la != null) return -1;
      if (lb != null) return 1;
      return byAdded(a, b);
    },
  };
  return list.sort(sorts[query.sort]).map((b) => b.id);
}

/**
 * Every page of a query, `size` at a time, as the grid fetches them: by offset (a jump) and by
 * cursor (scrolling on from the previous page). Both must give the same list.
 */
async function allPages(t: TestApi, token: string, query: LibraryQuery, size: number, collectionId?: string) {
  const first = await t.api.listBooks(token, query, { offset: 0, limit: size, count: true }, collectionId);
  const ids = first.books.map((b) => b.id);
  const keyed = [...ids];
  let after = first.next;
  for (let offset = size; offset < first.total! + size; offset += size) {
    const page = await t.api.listBooks(token, query, { offset, limit: size }, collectionId);
    expect(page.total).toBeUndefined();
    ids.push(...page.books.map((b) => b.id));
    if (after === undefined) continue; // the previous page was the last (or "recently read")
    // The cursor wins over the offset (given a wrong one here on purpose).
    const next = await t.api.listBooks(token, query, { offset: 0, limit: size, after }, collectionId);
    keyed.push(...next.books.map((b) => b.id));
    if (query.sort === 'read') expect(after).toBeUndefined();
    else expect(next.next === undefined).toBe(next.books.length < size);
    after = next.next;
  }
  if (query.sort !== 'read') expect(keyed).toEqual(ids);
  return { total: first.total!, ids };
}

const TITLES: [string, string | null, 'pdf' | 'epub'][] = [
  ['Émile, or On Education', 'Jean-Jacques Rousseau', 'pdf'],
  ['emily of New Moon', 'L. M. Montgomery', 'epub'],
  ['EMIT: a field guide', 'Zoë Adams', 'pdf'],
  ['The History of Rome', 'Theodor Mommsen', 'pdf'],
  ['Histoire de la folie', 'Michel Foucault', 'epub'],
  ['A Short History of Nearly Everything', 'Bill Bryson', 'epub'],
  ['At Swim-Two-Birds', "Flann O'Brien", 'pdf'],
  ["L'Étranger", 'Albert Camus', 'epub'],
  ['Zola: a life', 'Émile Zola Society', 'pdf'],
  ['Germinal', 'Émile Zola', 'epub'],
  ['Nana', 'Émile Zola', 'pdf'],
  ['Anonymous letters', null, 'pdf'],
  ['zen and the art of motorcycle maintenance', 'Robert M. Pirsig', 'epub'],
  ['Søren Kierkegaard: Fear and Trembling', null, 'epub'],
  ['Straße der Sterne', 'Ingrid Weiß', 'pdf'],
  ['1984', 'George Orwell', 'epub'],
  ['Brave New World', 'Aldous Huxley', 'pdf'],
  ['Ça', 'Stephen King', 'epub'],
  ['Éloge de l’ombre', 'Jun’ichirō Tanizaki', 'pdf'],
  ['Xenophon: Anabasis', 'Xenophon', 'pdf'],
  ['日本語の本', '夏目 漱石', 'epub'],
  ['Beowulf', null, 'pdf'],
];

describe.each(engines)('library on $name', (engine) => {
  let t: TestApi;
  let me: { token: string; user: { id: string } };
  let other: { token: string; user: { id: string } };
  let books: Book[];
  const model: Model = { books: [], progress: new Map() };

  beforeAll(async () => {
    t = await makeTestApi(engine);
    me = await signedInUser(t);
    other = await signedInUser(t);
    books = [];
    for (const [i, [title, author, fileType]] of TITLES.entries()) {
      books.push(await makeBook(t.db, { title, author, fileType, addedAt: 1_700_000_000 + ((i * 7919) % 101) * 100 }));
    }
    model.books = books;
    // Mine: four reading (one never dated), three completed, one explicitly not started but dated.
    const mine: [number, ReadingStatus, number | null][] = [
      [0, 'reading', 1_750_000_500],
      [3, 'reading', 1_750_000_900],
      [9, 'reading', 1_750_000_100],
      [12, 'reading', null],
      [5, 'completed', 1_750_000_300],
      [7, 'completed', 1_750_000_700],
      [20, 'completed', 1_750_000_200],
      [15, 'not_started', 1_750_000_050],
    ];
    for (const [i, status, at] of mine) {
      await setProgress(t, me.user.id, books[i]!.id, status, at, 40);
      model.progress.set(books[i]!.id, { status, lastReadAt: at });
    }
    // Someone else's progress must change nothing for me.
    for (const i of [1, 2, 4, 6]) await setProgress(t, other.user.id, books[i]!.id, 'reading', 1_760_000_000 + i, 10);
    await setProgress(t, other.user.id, books[0]!.id, 'completed', 1_760_000_000);
  });

  it('every combination of search, format, status and sort, paged 7 at a time, matches the model', async () => {
    const queries = ['', 'e', 'emil', 'ÉMILE', 'emile zola', 'zol émi', 'HIST', 'histo', 'obrien', 'o brien', 'etrang', 'ombre', '日本', 'nothing here', 'ça'];
    let checked = 0;
    for (const q of queries)
      for (const format of FORMATS)
        for (const status of STATUSES)
          for (const sort of SORTS) {
            const query = { q, format, status, sort };
            const want = expected(model, query, !q.trim() && format === 'all' && status === 'all');
            const got = await allPages(t, me.token, query, 7);
            expect({ query, ids: got.ids, total: got.total }).toEqual({ query, ids: want, total: want.length });
            checked++;
          }
    expect(checked).toBe(15 * 3 * 4 * 4);
  });

  it('pages of any size add up to the whole list, and past the end is empty', async () => {
    const whole = await t.api.listBooks(me.token, DEFAULT_QUERY, { offset: 0, limit: 200, count: true });
    expect(whole.books).toHaveLength(whole.total!);
    for (const size of [1, 2, 5, 17, 18, 19]) {
      const { ids, total } = await allPages(t, me.token, DEFAULT_QUERY, size);
      expect(total).toBe(whole.total);
      expect(ids).toEqual(whole.books.map((b) => b.id));
    }
    expect((await t.api.listBooks(me.token, DEFAULT_QUERY, { offset: whole.total!, limit: 10 })).books).toEqual([]);
    expect((await t.api.listBooks(me.token, DEFAULT_QUERY, { offset: 10_000, limit: 10 })).books).toEqual([]);
    expect((await t.api.listBooks(me.token, DEFAULT_QUERY, { offset: 0, limit: 0 })).books).toEqual([]);
    // A cursor from another sort, or no cursor at all, is ignored: the offset is used.
    const byTitle = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, sort: 'title' }, { offset: 0, limit: 3 });
    for (const after of [byTitle.next, 'not json', '["added", 1]', '["added", {}, 1, 2]'])
      expect((await t.api.listBooks(me.token, DEFAULT_QUERY, { offset: 2, limit: 3, after })).books.map((b) => b.id)).toEqual(
        whole.books.slice(2, 5).map((b) => b.id),
      );
    // Bad bounds are clamped rather than passed to SQL.
    const odd = await t.api.listBooks(me.token, DEFAULT_QUERY, { offset: -5, limit: 1e9 } as never);
    expect(odd.books).toHaveLength(Math.min(200, whole.total!));
  });

  it('Now Reading: my reading books, most recent first, and not repeated in the plain grid', async () => {
    const shelf = await t.api.nowReading(me.token);
    expect(shelf.map((b) => b.title)).toEqual(['The History of Rome', 'Émile, or On Education', 'Germinal', 'zen and the art of motorcycle maintenance']);
    expect(shelf.every((b) => b.status === 'reading' && b.percent === 40)).toBe(true);
    const grid = await t.api.listBooks(me.token, DEFAULT_QUERY, { offset: 0, limit: 200, count: true });
    const shelfIds = new Set(shelf.map((b) => b.id));
    expect(grid.books.some((b) => shelfIds.has(b.id))).toBe(false);
    expect(grid.total).toBe(TITLES.length - 4);
    // A search or a filter hides the shelf, so the grid then includes the books being read.
    const search = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q: 'germinal' }, { offset: 0, limit: 10, count: true });
    expect(search.books.map((b) => b.title)).toEqual(['Germinal']);
    // Another user's shelf is their own.
    expect((await t.api.nowReading(other.token)).map((b) => b.title)).toEqual(['At Swim-Two-Birds', 'Histoire de la folie', 'EMIT: a field guide', 'emily of New Moon']);
  });

  it('cards carry the user’s progress: percent while reading, completed, or nothing', async () => {
    const { books: all } = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, sort: 'title' }, { offset: 0, limit: 200 });
    const card = (title: string) => all.find((b) => b.title === title) as BookCard;
    expect(card('A Short History of Nearly Everything')).toMatchObject({ status: 'completed', percent: 100 });
    expect(card('Beowulf')).toMatchObject({ status: 'not_started', percent: 0, lastReadAt: null, author: null, fileType: 'pdf' });
  });

  it('search ignores case and accents both ways, matches word prefixes, needs every word', async () => {
    const titles = async (q: string) =>
      (await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q, sort: 'title' }, { offset: 0, limit: 50 })).books.map((b) => b.title);
    expect(await titles('emile')).toEqual(['Émile, or On Education', 'Germinal', 'Nana', 'Zola: a life']);
    expect(await titles('ÉMI')).toEqual(['Émile, or On Education', 'emily of New Moon', 'EMIT: a field guide', 'Germinal', 'Nana', 'Zola: a life']);
    expect(await titles('emile zola nana')).toEqual(['Nana']);
    // Letters Unicode does not decompose are spelled out as search engines do (ø → o, ß → ss).
    expect(await titles('soren')).toEqual(['Søren Kierkegaard: Fear and Trembling']);
    expect(await titles('soeren')).toEqual(['Søren Kierkegaard: Fear and Trembling']);
    expect(await titles('søren')).toEqual(['Søren Kierkegaard: Fear and Trembling']);
    expect(await titles('strasse')).toEqual(['Straße der Sterne']);
    expect(await titles('straß')).toEqual(['Straße der Sterne']);
    expect(await titles('ca')).toEqual(['Ça', "L'Étranger"]); // Ça, and Camus
    expect(await titles('weiss')).toEqual(['Straße der Sterne']);
    expect(await titles('tanizaki junichiro')).toEqual(['Éloge de l’ombre']);
    expect(await titles('1984')).toEqual(['1984']);
    expect(await titles('  ')).toHaveLength(TITLES.length - 4);
  });

  it('sorting by title folds accents and case; by author puts books without one last', async () => {
    const byTitle = (await t.api.listBooks(me.token, { ...DEFAULT_QUERY, sort: 'title', status: 'all', format: 'pdf' }, { offset: 0, limit: 50 })).books;
    const keys = byTitle.map((b) => b.title);
    expect(keys.indexOf('Émile, or On Education')).toBeLessThan(keys.indexOf('EMIT: a field guide'));
    expect(keys.indexOf('Éloge de l’ombre')).toBeLessThan(keys.indexOf('Émile, or On Education'));
    const byAuthor = (await t.api.listBooks(me.token, { ...DEFAULT_QUERY, sort: 'author', format: 'pdf' }, { offset: 0, limit: 50 })).books;
    expect(byAuthor.slice(-2).map((b) => b.author)).toEqual([null, null]);
    expect(byAuthor.slice(-2).map((b) => b.title)).toEqual(['Anonymous letters', 'Beowulf']);
  });

  it('recently read puts never-read books last, newest first', async () => {
    const { books: list } = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, sort: 'read', status: 'completed' }, { offset: 0, limit: 50 });
    expect(list.map((b) => b.title)).toEqual(["L'Étranger", 'A Short History of Nearly Everything', '日本語の本']);
    const all = (await t.api.listBooks(me.token, { ...DEFAULT_QUERY, sort: 'read' }, { offset: 0, limit: 50 })).books;
    const firstNever = all.findIndex((b) => b.lastReadAt == null);
    expect(all.slice(firstNever).every((b) => b.lastReadAt == null)).toBe(true);
    expect(all.slice(0, firstNever).map((b) => b.lastReadAt)).toEqual([1_750_000_700, 1_750_000_300, 1_750_000_200, 1_750_000_050]);
  });

  it('a collection narrows everything to its books, and only its owner may ask', async () => {
    const c = await insertCollection(t.db, me.user.id, 'Zola');
    for (const i of [9, 10, 8, 0, 3]) await addBookToCollection(t.db, c.id, books[i]!.id);
    model.collection = new Set([9, 10, 8, 0, 3].map((i) => books[i]!.id));
    try {
      for (const sort of SORTS)
        for (const q of ['', 'zola', 'emile']) {
          const query = { ...DEFAULT_QUERY, q, sort };
          const want = expected(model, query, !q);
          expect((await allPages(t, me.token, query, 2, c.id)).ids).toEqual(want);
        }
      expect((await t.api.nowReading(me.token, c.id)).map((b) => b.title)).toEqual(['The History of Rome', 'Émile, or On Education', 'Germinal']);
      await expect(t.api.listBooks(other.token, DEFAULT_QUERY, { offset: 0, limit: 10 }, c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(t.api.nowReading(other.token, c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(t.api.listBooks(me.token, DEFAULT_QUERY, { offset: 0, limit: 10 }, 'no-such-collection')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      model.collection = undefined;
    }
  });

  it('book details: the record, my progress and my collections that hold it', async () => {
    const d = await t.api.getBookDetails(me.token, books[9]!.id);
    expect(d.book).toMatchObject({ title: 'Germinal', author: 'Émile Zola', fileType: 'epub', filePath: books[9]!.filePath });
    expect(d.progress).toMatchObject({ status: 'reading' });
    expect(d.collections.map((c) => c.name)).toEqual(['Zola']);
    expect((await t.api.getBookDetails(other.token, books[9]!.id)).collections).toEqual([]);
    await expect(t.api.getBookDetails(me.token, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('needs a session', async () => {
    await expect(t.api.listBooks('', DEFAULT_QUERY, { offset: 0, limit: 10 })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(t.api.nowReading('bogus')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(t.api.getBookDetails('bogus', books[0]!.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe.each(engines)('search index kept in step on $name', (engine) => {
  let t: TestApi;
  let me: { token: string };
  const find = async (q: string) => (await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q }, { offset: 0, limit: 50, count: true })).books.map((b) => b.title);

  beforeAll(async () => {
    t = await makeTestApi(engine);
    me = await signedInUser(t);
  });

  it('insertBook, updateBook and deleteBook keep the index right at once', async () => {
    const b = await makeBook(t.db, { title: 'Madame Bovary', author: 'Gustave Flaubert' });
    expect(await t.db.get('SELECT COUNT(*) AS n FROM book_index_queue')).toEqual({ n: 0 });
    expect(await find('bova')).toEqual(['Madame Bovary']);
    await updateBook(t.db, b.id, { title: 'Salammbô' });
    expect(await t.db.get('SELECT COUNT(*) AS n FROM book_index_queue')).toEqual({ n: 0 });
    expect(await find('bova')).toEqual([]);
    expect(await find('salammbo flaub')).toEqual(['Salammbô']);
    await updateBook(t.db, b.id, { author: null });
    expect(await find('flaubert')).toEqual([]);
    await updateBook(t.db, b.id, { filePath: 'moved/Salammbo.pdf' });
    expect(await find('salammbo')).toEqual(['Salammbô']);
    await deleteBook(t.db, b.id);
    expect(await find('salammbo')).toEqual([]);
    expect(await t.db.get('SELECT COUNT(*) AS n FROM book_terms')).toEqual({ n: 0 });
  });

  it('a book written with plain SQL is queued by the triggers and indexed by the next query', async () => {
    await t.db.run(
      `INSERT INTO books (id, title, author, file_type, file_path, file_size, file_hash, added_at, updated_at)
       VALUES ('raw-1', 'Le Rouge et le Noir', 'Stendhal', 'epub', 'raw/rouge.epub', 1, 'raw-hash-1', 1, 1)`,
    );
    await t.db.run(`UPDATE books SET author = 'Henri Beyle' WHERE id = 'raw-1'`);
    expect(await t.db.get('SELECT COUNT(*) AS n FROM book_index_queue')).toEqual({ n: 1 });
    const page = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q: 'beyle rou', sort: 'title' }, { offset: 0, limit: 10, count: true });
    expect(page).toMatchObject({ total: 1, indexing: 0, books: [{ id: 'raw-1', title: 'Le Rouge et le Noir' }] });
    expect(await find('stendhal')).toEqual([]);
    await t.db.run(`DELETE FROM books WHERE id = 'raw-1'`);
    expect(await find('rouge')).toEqual([]);
    expect(await t.db.get('SELECT COUNT(*) AS n FROM book_terms')).toEqual({ n: 0 });
  });

  it('the index can be thrown away and rebuilt from the books', async () => {
    await makeBook(t.db, { title: 'Le Père Goriot', author: 'Honoré de Balzac' });
    await rebuildSearchIndex(t.db);
    expect(await t.db.get('SELECT COUNT(*) AS n FROM book_terms')).toEqual({ n: 0 });
    expect(await find('pere goriot')).toEqual(['Le Père Goriot']);
  });

  it('a search broader than the drive threshold (walked in sort order) agrees with a narrow one', async () => {
    // Written around the repository code, so the queue and its draining are exercised at scale too.
    const n = DRIVE_MAX + 50;
    const rows = Array.from({ length: n }, (_, i) => [
      `bulk-${i}`, `Common title ${i} ${i % 10 === 0 ? 'rare' : 'plain'}`, i % 3 ? 'pdf' : 'epub', `bulk/${i}.pdf`, `bulk-hash-${i}`, 1_000 + i,
    ]);
    for (let i = 0; i < n; i += 500) {
      const part = rows.slice(i, i + 500);
      await t.db.run(
        `INSERT INTO books (id, title, file_type, file_path, file_size, file_hash, added_at, updated_at) VALUES ${part.map(() => '(?, ?, ?, ?, 1, ?, ?, 0)').join(', ')}`,
        part.flat() as (string | number)[],
      );
    }
    const first = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q: 'comm' }, { offset: 0, limit: 5, count: true });
    expect(first.indexing).toBe(n - 2000); // one call indexes at most 2,000: calls stay short
    expect((await t.api.listBooks(me.token, DEFAULT_QUERY, { offset: 0, limit: 1 })).indexing).toBe(0);
    const broad = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q: 'comm' }, { offset: 0, limit: 5, count: true });
    expect(broad.total).toBe(DRIVE_MAX + 50);
    expect(broad.books.map((b) => b.title)).toEqual([3049, 3048, 3047, 3046, 3045].map((i) => `Common title ${i} ${i % 10 === 0 ? 'rare' : 'plain'}`));
    const deep = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q: 'common', sort: 'title', format: 'epub' }, { offset: 1000, limit: 3, count: true });
    expect(deep.total).toBe(Math.ceil((DRIVE_MAX + 50) / 3));
    // Scrolling on by cursor from there gives what the offset gives.
    const byOffset = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q: 'common', sort: 'title', format: 'epub' }, { offset: 1003, limit: 3 });
    const byCursor = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q: 'common', sort: 'title', format: 'epub' }, { offset: 0, limit: 3, after: deep.next });
    expect(byCursor.books.map((b) => b.id)).toEqual(byOffset.books.map((b) => b.id));
    expect(byCursor.books).toHaveLength(3);
    // Two broad words with few books in common, and a narrow one: same answers either way.
    const both = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q: 'comm tit rare' }, { offset: 0, limit: 400, count: true });
    expect(both.total).toBe(Math.ceil((DRIVE_MAX + 50) / 10));
    expect(both.books.every((b) => b.title.endsWith(' rare'))).toBe(true);
    const plain = await t.api.listBooks(me.token, { ...DEFAULT_QUERY, q: 'plain common' }, { offset: 0, limit: 1, count: true });
    expect(plain.total).toBe(DRIVE_MAX + 50 - Math.ceil((DRIVE_MAX + 50) / 10));
  });
});
