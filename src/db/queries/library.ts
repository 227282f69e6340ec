import type { Db, SqlValue } from '../Db';
import type { BookCard, LibraryQuery } from '../../domain/library';
import type { FileType, ReadingStatus } from '../../domain/types';
import { prefixEnd, queryTerms } from '../../domain/search';

/**
 * The library grid's queries. A page is LIMIT/OFFSET over the index of the chosen order (the
 * grid is virtualised and may jump anywhere); the filtered walk reads only index entries, and the
 * columns and progress of the page's books are read afterwards for those books alone.
 *
 * Sets of books (search words, a status, a collection, Now Reading) are sets of books.seq, which
 * every sort index ends with: a filter is checked from the index entry being walked.
 */

export interface Scope {
  userId: string;
  /** Only this collection's books (the caller has checked who owns it). */
  collectionId?: string;
  /** Leave out the user's books with status `reading` (they are on the Now Reading shelf). */
  excludeReading?: boolean;
}

interface Cond {
  sql: string;
  params: SqlValue[];
}

/**
 * A search matching at most this many books drives the query: its books are looked up by seq and
 * sorted. A broader one (a single letter, "the") is checked per book while the sort index is
 * walked, which fills a page after a few hundred books instead of sorting tens of thousands.
 */
export const DRIVE_MAX = 3000;
const CHOOSE_MAX = 20_000;

interface SearchPlan {
  /** Nothing matches. */
  none: boolean;
  /** Conditions on `b` for walking a sort index. */
  page: Cond[];
  /** Conditions on `b` for counting. */
  count: Cond[];
  /** A query listing the matching seqs (duplicates possible), to count them from the index alone. */
  set?: Cond;
}

/**
 * The words of a search, each a prefix, all required. The matching books are found in the index
 * alone: the narrowest word's range, each entry probed for the other words by seq. When they are
 * few (the usual case once a word has three letters), they are read once into a list that drives
 * both the page and the count; when they are many, each book is probed as the sort index is walked.
 */
async function planSearch(db: Db, q: string): Promise<SearchPlan> {
  const terms = queryTerms(q);
  if (!terms.length) return { none: false, page: [], count: [] };
  // Index rows per word, counted up to a cap (a cap of n costs at most n steps of the index).
  // With several words the cap is higher, to tell which one is narrowest ("the art": "art").
  const cap = terms.length > 1 ? CHOOSE_MAX : DRIVE_MAX + 1;
  const sizes: number[] = [];
  for (const t of terms) {
    const r = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM (SELECT 1 FROM book_terms WHERE term >= ? AND term < ? LIMIT ?)', [
      t,
      prefixEnd(t),
      cap,
    ]);
    const n = Number(r?.n ?? 0);
    if (n === 0) return { none: true, page: [], count: [] };
    sizes.push(n);
  }
  const narrowest = terms[sizes.indexOf(Math.min(...sizes))]!;
  const others = terms.filter((t) => t !== narrowest);
  const set: Cond = {
    sql:
      'SELECT a.seq FROM book_terms a WHERE a.term >= ? AND a.term < ?' +
      others.map(() => ' AND EXISTS (SELECT 1 FROM book_terms o WHERE o.seq = a.seq AND o.term >= ? AND o.term < ?)').join(''),
    params: [narrowest, prefixEnd(narrowest), ...others.flatMap((t) => [t, prefixEnd(t)])],
  };
  // Several broad words may still have few books in common ("émile dupont"), so look.
  if (Math.min(...sizes) <= DRIVE_MAX || others.length) {
    const rows = await db.all<{ seq: number }>(`SELECT DISTINCT seq FROM (${set.sql}) LIMIT ?`, [...set.params, DRIVE_MAX + 1]);
    if (!rows.length) return { none: true, page: [], count: [] };
    if (rows.length <= DRIVE_MAX) {
      const list: Cond = { sql: 'b.seq IN (SELECT value FROM json_each(?))', params: [JSON.stringify(rows.map((r) => Number(r.seq)))] };
      return { none: false, page: [list], count: [list] };
    }
  }
  return {
    none: false,
    page: terms.map((t) => ({
      sql: 'EXISTS (SELECT 1 FROM book_terms t WHERE t.seq = b.seq AND t.term >= ? AND t.term < ?)',
      params: [t, prefixEnd(t)],
    })),
    count: [{ sql: `b.seq IN (${set.sql})`, params: set.params }],
    set,
  };
}

function progressSet(cond: string): string {
  return `SELECT pb.seq FROM reading_progress rp JOIN books pb ON pb.id = rp.book_id WHERE rp.user_id = ? AND ${cond}`;
}

interface Filters {
  /** Conditions a book must meet. */
  pos: Cond[];
  /** A set of books to leave out (books being read, or read at all), as `b.seq IN (…)`. */
  neg?: Cond;
}

/** Format, status, collection and the Now Reading exclusion. */
function filterConds(scope: Scope, query: LibraryQuery): Filters {
  const pos: Cond[] = [];
  let neg: Cond | undefined;
  if (query.format !== 'all') pos.push({ sql: 'b.file_type = ?', params: [query.format] });
  if (query.status === 'reading' || query.status === 'completed') {
    pos.push({ sql: `b.seq IN (${progressSet('rp.status = ?')})`, params: [scope.userId, query.status] });
  } else if (query.status === 'not_started') {
    neg = { sql: `b.seq IN (${progressSet("rp.status IN ('reading', 'completed')")})`, params: [scope.userId] };
  } else if (scope.excludeReading) {
    neg = { sql: `b.seq IN (${progressSet("rp.status = 'reading'")})`, params: [scope.userId] };
  }
  if (scope.collectionId) {
    pos.push({
      sql: 'b.seq IN (SELECT cbb.seq FROM collection_books cb JOIN books cbb ON cbb.id = cb.book_id WHERE cb.collection_id = ?)',
      params: [scope.collectionId],
    });
  }
  return { pos, neg };
}

function where(conds: Cond[]): { sql: string; params: SqlValue[] } {
  return {
    sql: conds.length ? 'WHERE ' + conds.map((c) => c.sql).join(' AND ') : '',
    params: conds.flatMap((c) => c.params),
  };
}

async function count(db: Db, conds: Cond[]): Promise<number> {
  const w = where(conds);
  const r = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM books b ${w.sql}`, w.params);
  return Number(r?.n ?? 0);
}

/** Each order is exactly one index's order (migrations/0003), so a page needs no sort step. */
const ORDER: Record<Exclude<LibraryQuery['sort'], 'read'>, string> = {
  added: 'b.added_at DESC, b.file_type DESC, b.seq DESC',
  title: 'b.title_key, b.file_type, b.seq',
  author: 'b.author_key, b.title_key, b.file_type, b.seq',
};

interface CardRow {
  seq: number;
  id: string;
  title: string;
  author: string | null;
  file_type: FileType;
  cover_path: string | null;
  added_at: number;
  status: ReadingStatus | null;
  percent_complete: number | null;
  last_read_at: number | null;
  on_device: number;
}

const CARD_COLUMNS = `b.seq, b.id, b.title, b.author, b.file_type, b.cover_path, b.added_at, b.on_device,
  rp.status, rp.percent_complete, rp.last_read_at`;

function toCard(r: CardRow): BookCard {
  return {
    id: r.id,
    title: r.title,
    author: r.author,
    fileType: r.file_type,
    coverPath: r.cover_path,
    addedAt: Number(r.added_at),
    status: r.status ?? 'not_started',
    percent: r.percent_complete == null ? 0 : Number(r.percent_complete),
    lastReadAt: r.last_read_at == null ? null : Number(r.last_read_at),
    onDevice: Number(r.on_device) !== 0,
  };
}

/** The cards of these books, in the given order. */
async function cardsBySeq(db: Db, userId: string, seqs: number[]): Promise<BookCard[]> {
  if (!seqs.length) return [];
  const rows = await db.all<CardRow>(
    `SELECT ${CARD_COLUMNS} FROM books b
     LEFT JOIN reading_progress rp ON rp.user_id = ? AND rp.book_id = b.id
     WHERE b.seq IN (${seqs.map(() => '?').join(', ')})`,
    [userId, ...seqs],
  );
  const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
  return seqs.flatMap((s) => {
    const r = bySeq.get(s);
    return r ? [toCard(r)] : [];
  });
}

export interface BookPage {
  books: BookCard[];
  /** Matching books in all, when asked for (the grid counts once per query, not per page). */
  total?: number;
  /** Where the next page starts (pass it as `after`), when this page is full. */
  next?: string;
}

export interface PageRequest {
  offset: number;
  limit: number;
  /** Also count the matching books. */
  count?: boolean;
  /**
   * The previous page's `next`: the page then starts right after that book (keyset), which costs
   * the same anywhere in the list, where OFFSET walks past every book before it. Without it (a
   * jump, or "recently read"), `offset` is used.
   */
  after?: string;
}

type KeyedSort = Exclude<LibraryQuery['sort'], 'read'>;

/** The key of each index order, as compared for keyset paging (the ORDER BY columns). */
const KEYS: Record<KeyedSort, { cols: string[]; op: '<' | '>' }> = {
  added: { cols: ['b.added_at', 'b.file_type', 'b.seq'], op: '<' },
  title: { cols: ['b.title_key', 'b.file_type', 'b.seq'], op: '>' },
  author: { cols: ['b.author_key', 'b.title_key', 'b.file_type', 'b.seq'], op: '>' },
};

function encodeCursor(sort: KeyedSort, row: Record<string, unknown>): string | undefined {
  const values = KEYS[sort].cols.map((c) => row[c.slice(2)]);
  // A book not indexed yet has no sort key: no cursor, the next page goes by offset.
  if (values.some((v) => v == null)) return undefined;
  return JSON.stringify([sort, ...values.map((v) => (typeof v === 'bigint' ? Number(v) : v))]);
}

/** The cursor's key when it belongs to this sort and is well formed (it comes from the page). */
function decodeCursor(sort: KeyedSort, cursor: string | undefined): SqlValue[] | undefined {
  if (typeof cursor !== 'string' || cursor.length > 2000) return undefined;
  try {
    const [s, ...values] = JSON.parse(cursor) as unknown[];
    if (s !== sort || values.length !== KEYS[sort].cols.length) return undefined;
    return values.every((v) => typeof v === 'string' || typeof v === 'number') ? (values as SqlValue[]) : undefined;
  } catch {
    return undefined;
  }
}

export async function listBookPage(db: Db, scope: Scope, query: LibraryQuery, page: PageRequest): Promise<BookPage> {
  const search = await planSearch(db, query.q);
  if (search.none) return { books: [], total: page.count ? 0 : undefined };
  const filters = filterConds(scope, query);
  const conds = [...search.page, ...filters.pos, ...(filters.neg ? [{ sql: `NOT ${filters.neg.sql}`, params: filters.neg.params }] : [])];

  let total: number | undefined;
  if (page.count) {
    // Counting with a NOT IN tests every book; the left-out set is small (one user's progress),
    // so count without it and subtract its part. COUNT(*) of the whole table is a b-tree count.
    if (search.set && !filters.pos.length) {
      const r = await db.get<{ n: number }>(`SELECT COUNT(DISTINCT seq) AS n FROM (${search.set.sql})`, search.set.params);
      total = Number(r?.n ?? 0);
    } else {
      total = await count(db, [...search.count, ...filters.pos]);
    }
    if (filters.neg) total -= await count(db, [filters.neg, ...search.page, ...filters.pos]);
  }
  if (query.sort === 'read') {
    const seqs = await recentlyReadPage(db, scope.userId, conds, page);
    return { books: await cardsBySeq(db, scope.userId, seqs), total };
  }
  const { seqs, next } = await keyedPage(db, conds, query.sort, page);
  return { books: await cardsBySeq(db, scope.userId, seqs), total, next };
}

/** A page in one of the index orders: after a cursor when given one, else at an offset. */
async function keyedPage(db: Db, conds: Cond[], sort: KeyedSort, page: PageRequest): Promise<{ seqs: number[]; next?: string }> {
  if (page.limit <= 0) return { seqs: [] };
  const key = decodeCursor(sort, page.after);
  const all = key ? [...conds, { sql: `(${KEYS[sort].cols.join(', ')}) ${KEYS[sort].op} (${key.map(() => '?').join(', ')})`, params: key }] : conds;
  const w = where(all);
  const rows = await db.all<Record<string, SqlValue>>(
    `SELECT ${KEYS[sort].cols.join(', ')} FROM books b ${w.sql} ORDER BY ${ORDER[sort]} LIMIT ? OFFSET ?`,
    [...w.params, page.limit, key ? 0 : page.offset],
  );
  const last = rows[rows.length - 1];
  return { seqs: rows.map((r) => Number(r.seq)), next: rows.length === page.limit && last ? encodeCursor(sort, last) : undefined };
}

async function sortedPage(db: Db, conds: Cond[], order: string, page: { offset: number; limit: number }): Promise<number[]> {
  if (page.limit <= 0) return [];
  const w = where(conds);
  const rows = await db.all<{ seq: number }>(`SELECT b.seq FROM books b ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`, [
    ...w.params,
    page.limit,
    page.offset,
  ]);
  return rows.map((r) => Number(r.seq));
}

/**
 * Recently read: the user's read books by date (few: one progress row each), then every book
 * never read, newest first. Two index walks joined by arithmetic on the offset, instead of one
 * ORDER BY over a LEFT JOIN that would sort the whole library.
 */
async function recentlyReadPage(db: Db, userId: string, conds: Cond[], page: { offset: number; limit: number }): Promise<number[]> {
  const read = where([{ sql: 'rp.user_id = ? AND rp.last_read_at IS NOT NULL', params: [userId] }, ...conds]);
  const readFrom = `FROM reading_progress rp JOIN books b ON b.id = rp.book_id ${read.sql}`;
  const nRead = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n ${readFrom}`, read.params))?.n ?? 0);
  const out: number[] = [];
  if (page.offset < nRead) {
    const rows = await db.all<{ seq: number }>(`SELECT b.seq ${readFrom} ORDER BY rp.last_read_at DESC, b.seq DESC LIMIT ? OFFSET ?`, [
      ...read.params,
      page.limit,
      page.offset,
    ]);
    out.push(...rows.map((r) => Number(r.seq)));
  }
  const left = page.limit - out.length;
  if (left > 0) {
    const never = [{ sql: `b.seq NOT IN (${progressSet('rp.last_read_at IS NOT NULL')})`, params: [userId] as SqlValue[] }, ...conds];
    out.push(...(await sortedPage(db, never, ORDER.added, { offset: Math.max(0, page.offset - nRead), limit: left })));
  }
  return out;
}

/** The user's books with status `reading`, most recently read first. */
export async function nowReading(db: Db, userId: string, collectionId?: string, limit = 100): Promise<BookCard[]> {
  const inCollection = collectionId ? 'AND rp.book_id IN (SELECT book_id FROM collection_books WHERE collection_id = ?)' : '';
  const rows = await db.all<CardRow>(
    `SELECT ${CARD_COLUMNS} FROM reading_progress rp JOIN books b ON b.id = rp.book_id
     WHERE rp.user_id = ? AND rp.status = 'reading' ${inCollection}
     ORDER BY rp.last_read_at DESC, b.seq DESC LIMIT ?`,
    collectionId ? [userId, collectionId, limit] : [userId, limit],
  );
  return rows.map(toCard);
}
