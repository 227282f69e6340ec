/**
 * The one writer of the full-text index (text_books, text_sections). Every call that writes is
 * one transaction: a killed tab, or a full disk, leaves the book at its last committed part.
 */
import type { Db } from '../db/Db';
import { fold } from '../domain/search';
import { bookRange, rowKey } from './sectionKey';

export type TextState = 'indexing' | 'done' | 'no-text' | 'failed';

export interface TextBook {
  no: number;
  sha256: string;
  fileType: 'pdf' | 'epub';
  state: TextState;
  /** Where indexing goes on: the next PDF page index (0-based) or EPUB spine index. */
  nextUnit: number;
  chars: number;
  /**
   * The book's occurrences of each term so far, while it is indexed from its start in this run:
   * kept (text_counts) when it is done. A book resumed after a closed tab has none.
   */
  terms?: Map<string, number>;
}

/** A term is kept in text_counts for a book when it occurs at least this often in it. */
export const COUNTED_TERM_MIN = 8;

export interface TextSection {
  section: number;
  text: string;
}

/** A term as FTS5's unicode61 tokenizer cuts them (letters, digits, private use), on folded text. */
const TERM = /[\p{L}\p{N}\p{Co}]+/gu;

type Row = { no: number; sha256: string; file_type: 'pdf' | 'epub'; state: TextState; next_unit: number; chars: number };
const toBook = (r: Row): TextBook => ({ no: r.no, sha256: r.sha256, fileType: r.file_type, state: r.state, nextUnit: r.next_unit, chars: r.chars });

export async function textBooks(db: Db): Promise<TextBook[]> {
  return (await db.all<Row>('SELECT no, sha256, file_type, state, next_unit, chars FROM text_books')).map(toBook);
}

export async function textBook(db: Db, sha256: string): Promise<TextBook | null> {
  const r = await db.get<Row>('SELECT no, sha256, file_type, state, next_unit, chars FROM text_books WHERE sha256 = ?', [sha256]);
  return r ? toBook(r) : null;
}

/** The book's row, created in state 'indexing' when new. */
export async function startTextBook(db: Db, sha256: string, fileType: 'pdf' | 'epub'): Promise<TextBook> {
  await db.run("INSERT OR IGNORE INTO text_books (sha256, file_type, state) VALUES (?, ?, 'indexing')", [sha256, fileType]);
  const book = (await textBook(db, sha256))!;
  if (book.state === 'indexing' && book.nextUnit === 0) book.terms = new Map();
  return book;
}

/**
 * Adds one part of a book (some pages or spine items) and moves its resume point past them, in
 * one transaction: either both are written or neither.
 */
export async function addTextPart(db: Db, book: TextBook, sections: TextSection[], nextUnit: number): Promise<void> {
  await db.transaction(async () => {
    let chars = 0;
    const terms = new Set<string>();
    const counts = book.terms;
    for (const s of sections) {
      const body = fold(s.text);
      chars += s.text.length;
      for (const t of body.match(TERM) ?? []) {
        terms.add(t);
        if (counts) counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      await db.run('INSERT INTO text_sections (rowid, body) VALUES (?, ?)', [rowKey(book.no, s.section), body]);
    }
    await db.run('INSERT OR IGNORE INTO text_terms (term) SELECT value FROM json_each(?)', [JSON.stringify([...terms])]);
    await db.run('UPDATE text_books SET next_unit = ?, chars = chars + ? WHERE no = ?', [nextUnit, chars, book.no]);
  });
  book.nextUnit = nextUnit;
}

/** The book is indexed: 'done', or 'no-text' when nothing readable was found (a scan). */
export async function finishTextBook(db: Db, book: TextBook, units: number): Promise<TextState> {
  return db.transaction(async () => {
    const row = await db.get<{ chars: number }>('SELECT chars FROM text_books WHERE no = ?', [book.no]);
    const state: TextState = (row?.chars ?? 0) > 0 ? 'done' : 'no-text';
    const counted = book.terms ? Object.fromEntries([...book.terms].filter(([, n]) => n >= COUNTED_TERM_MIN)) : null;
    if (counted) await db.run('INSERT OR REPLACE INTO text_counts (no, term, n) SELECT ?, key, value FROM json_each(?)', [book.no, JSON.stringify(counted)]);
    await db.run('UPDATE text_books SET state = ?, units = ?, next_unit = ?, counted = ? WHERE no = ?', [state, units, units, counted ? 1 : 0, book.no]);
    book.terms = undefined;
    return state;
  });
}

/** The book could not be read: not tried again (until a rebuild). Its partial rows go. */
export async function failTextBook(db: Db, book: TextBook, reason: string): Promise<void> {
  await db.transaction(async () => {
    await deleteRows(db, book.no);
    await db.run("UPDATE text_books SET state = 'failed', reason = ?, chars = 0 WHERE no = ?", [reason.slice(0, 300), book.no]);
  });
}

/** Forgets the books whose content is no longer in the library (deleted, or changed: new hash). */
export async function removeTextBooks(db: Db, nos: number[]): Promise<void> {
  for (const no of nos) {
    await db.transaction(async () => {
      await deleteRows(db, no);
      await db.run('DELETE FROM text_books WHERE no = ?', [no]);
    });
  }
}

async function deleteRows(db: Db, no: number): Promise<void> {
  const [from, to] = bookRange(no);
  await db.run('DELETE FROM text_sections WHERE rowid BETWEEN ? AND ?', [from, to]);
  await db.run('DELETE FROM text_counts WHERE no = ?', [no]);
}

/**
 * One small step of FTS5's incremental merge (when idle): a few pages of segments merged at a
 * time keeps each step short. Returns false once there is nothing left worth merging.
 */
export async function optimizeStep(db: Db, pages = 64): Promise<boolean> {
  const before = await db.get<{ n: number }>('SELECT total_changes() AS n');
  await db.run("INSERT INTO text_sections (text_sections, rank) VALUES ('merge', ?)", [pages]);
  const after = await db.get<{ n: number }>('SELECT total_changes() AS n');
  // 'merge' changes rows of the segment table only when it did some work.
  return (after?.n ?? 0) - (before?.n ?? 0) > 1;
}
