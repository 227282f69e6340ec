/**
 * The one writer of the full-text index (text_books, text_sections). Every call that writes is
 * one transaction: a killed tab, or a full disk, leaves the book at its last committed part.
 */
import type { Db } from '../db/Db';
import { AppError } from '../domain/errors';
import { fold } from '../domain/search';
import { encodeCounts } from './termCounts';
import { SECTION_BREAK, textRows } from './textRows';

export type TextState = 'indexing' | 'done' | 'no-text' | 'failed';

export interface TextBook {
  no: number;
  sha256: string;
  fileType: 'pdf' | 'epub';
  state: TextState;
  /** Where indexing goes on: the next PDF page index (0-based) or EPUB spine index. */
  nextUnit: number;
  chars: number;
  /** Its rows in text_sections: base .. base + rowCount - 1 (src/fulltext/bookRows.ts). */
  base: number;
  rowCount: number;
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

type Row = { no: number; sha256: string; file_type: 'pdf' | 'epub'; state: TextState; next_unit: number; chars: number; base: number; row_count: number };
const COLUMNS = 'no, sha256, file_type, state, next_unit, chars, base, row_count';
const toBook = (r: Row): TextBook => ({
  no: r.no,
  sha256: r.sha256,
  fileType: r.file_type,
  state: r.state,
  nextUnit: r.next_unit,
  chars: r.chars,
  base: r.base,
  rowCount: r.row_count,
});

export async function textBooks(db: Db): Promise<TextBook[]> {
  return (await db.all<Row>(`SELECT ${COLUMNS} FROM text_books`)).map(toBook);
}

export async function textBook(db: Db, sha256: string): Promise<TextBook | null> {
  const r = await db.get<Row>(`SELECT ${COLUMNS} FROM text_books WHERE sha256 = ?`, [sha256]);
  return r ? toBook(r) : null;
}

/** The first rowid after every book's rows: where the rows of a book that has none yet go. */
const END = 'SELECT coalesce(max(base + row_count), 1) FROM text_books';

/**
 * The book's row, created in state 'indexing' when new. A book resumed after a closed tab whose
 * rows are no longer the last ones (another book was indexed meanwhile: the first one's file
 * could not be read) cannot grow where it is: it starts again from its beginning.
 */
export async function startTextBook(db: Db, sha256: string, fileType: 'pdf' | 'epub'): Promise<TextBook> {
  await db.transaction(async () => {
    const known = await textBook(db, sha256);
    if (!known) {
      await db.run(`INSERT INTO text_books (sha256, file_type, state, base) VALUES (?, ?, 'indexing', (${END}))`, [sha256, fileType]);
      await db.run("INSERT OR REPLACE INTO text_book_rows (no, sections) VALUES (last_insert_rowid(), '')");
      return;
    }
    if (known.state !== 'indexing' || known.rowCount === 0) return;
    const end = await db.get<{ n: number }>(`SELECT (${END}) AS n`);
    if (end?.n === known.base + known.rowCount) return;
    await deleteRows(db, known);
    await db.run('UPDATE text_books SET row_count = 0, next_unit = 0, chars = 0 WHERE no = ?', [known.no]);
    await db.run("UPDATE text_book_rows SET sections = '', counts = NULL WHERE no = ?", [known.no]);
  });
  const book = (await textBook(db, sha256))!;
  if (book.state === 'indexing' && book.nextUnit === 0) book.terms = new Map();
  return book;
}

/**
 * Adds one part of a book (some pages or spine items) and moves its resume point past them, in
 * one transaction: either both are written or neither. Its sections are grouped into rows
 * (src/fulltext/textRows.ts) within the part, so a book resumed at a part's end gets the rows an
 * unbroken run would have made.
 */
export async function addTextPart(db: Db, book: TextBook, sections: TextSection[], nextUnit: number): Promise<void> {
  const rows = textRows(sections);
  await db.transaction(async () => {
    // Rows are only ever added after every book's: a book's first part places it there, and a
    // book whose rows are no longer the last (startTextBook starts it again) is refused.
    const end = (await db.get<{ n: number }>(`SELECT (${END}) AS n`))!.n;
    if (book.rowCount === 0) {
      await db.run('UPDATE text_books SET base = ? WHERE no = ?', [end, book.no]);
      book.base = end;
    } else if (end !== book.base + book.rowCount) throw new AppError('CONFLICT', 'Another book was indexed meanwhile: this one starts again from its beginning.');
    let chars = 0;
    const terms = new Set<string>();
    const counts = book.terms;
    let row = book.base + book.rowCount;
    for (const group of rows) {
      const bodies = group.map((s) => {
        const body = fold(s.text);
        chars += s.text.length;
        for (const t of body.match(TERM) ?? []) {
          terms.add(t);
          if (counts) counts.set(t, (counts.get(t) ?? 0) + 1);
        }
        return body;
      });
      await db.run('INSERT INTO text_sections (rowid, body) VALUES (?, ?)', [row++, bodies.join(SECTION_BREAK)]);
    }
    // New terms get the next ids, one after another (small ids: small kept counts).
    const added = await db.run(
      `INSERT INTO text_terms (term, id)
         SELECT value, (SELECT next_term FROM text_meta) + row_number() OVER () - 1
           FROM (SELECT DISTINCT value FROM json_each(?) WHERE value NOT IN (SELECT term FROM text_terms))`,
      [JSON.stringify([...terms])],
    );
    if (added) await db.run('UPDATE text_meta SET next_term = next_term + ?', [added]);
    const list = rows.map((r) => r.map((s) => s.section).join('+')).join(',');
    await db.run("UPDATE text_book_rows SET sections = CASE WHEN sections = '' THEN ? ELSE sections || ',' || ? END WHERE no = ?", [list, list, book.no]);
    await db.run('UPDATE text_books SET next_unit = ?, chars = chars + ?, row_count = row_count + ? WHERE no = ?', [nextUnit, chars, rows.length, book.no]);
  });
  book.nextUnit = nextUnit;
  book.rowCount += rows.length;
}

/** The book is indexed: 'done', or 'no-text' when nothing readable was found (a scan). */
export async function finishTextBook(db: Db, book: TextBook, units: number): Promise<TextState> {
  return db.transaction(async () => {
    const row = await db.get<{ chars: number }>('SELECT chars FROM text_books WHERE no = ?', [book.no]);
    const state: TextState = (row?.chars ?? 0) > 0 ? 'done' : 'no-text';
    const kept = book.terms ? [...book.terms].filter(([, n]) => n >= COUNTED_TERM_MIN) : null;
    if (kept) {
      const ids = await db.all<{ term: string; id: number }>('SELECT term, id FROM text_terms WHERE term IN (SELECT value FROM json_each(?))', [
        JSON.stringify(kept.map(([t]) => t)),
      ]);
      const byTerm = new Map(kept);
      const counts = new Map(ids.map((r) => [r.id, byTerm.get(r.term)!]));
      await db.run('UPDATE text_book_rows SET counts = ? WHERE no = ?', [encodeCounts(counts), book.no]);
    }
    await db.run('UPDATE text_books SET state = ?, units = ?, next_unit = ?, counted = ? WHERE no = ?', [state, units, units, kept ? 1 : 0, book.no]);
    book.terms = undefined;
    return state;
  });
}

/** The book could not be read: not tried again (until a rebuild). Its partial rows go. */
export async function failTextBook(db: Db, book: TextBook, reason: string): Promise<void> {
  await db.transaction(async () => {
    await deleteRows(db, book);
    await db.run("UPDATE text_book_rows SET sections = '', counts = NULL WHERE no = ?", [book.no]);
    await db.run("UPDATE text_books SET state = 'failed', reason = ?, chars = 0, row_count = 0 WHERE no = ?", [reason.slice(0, 300), book.no]);
  });
}

/** Forgets the books whose content is no longer in the library (deleted, or changed: new hash). */
export async function removeTextBooks(db: Db, nos: number[]): Promise<void> {
  for (const no of nos) {
    await db.transaction(async () => {
      const b = await db.get<{ base: number; row_count: number }>('SELECT base, row_count FROM text_books WHERE no = ?', [no]);
      if (b) await deleteRows(db, { base: b.base, rowCount: b.row_count });
      await db.run('DELETE FROM text_book_rows WHERE no = ?', [no]);
      await db.run('DELETE FROM text_books WHERE no = ?', [no]);
    });
  }
}

async function deleteRows(db: Db, book: { base: number; rowCount: number }): Promise<void> {
  if (book.rowCount > 0) await db.run('DELETE FROM text_sections WHERE rowid BETWEEN ? AND ?', [book.base, book.base + book.rowCount - 1]);
}

/**
 * One small step of FTS5's incremental merge (when idle): a few pages of segments merged at a
 * time keeps each step short. Once nothing is left worth merging, the pages merges and removed
 * books freed are handed back to the disk, a few at a time (the file is in incremental
 * auto-vacuum: textIndexSchema.ts); without this they stayed in the file (0.03 × text after a
 * full merge). Returns false once there is nothing left to do.
 */
export async function optimizeStep(db: Db, pages = 64): Promise<boolean> {
  const before = await db.get<{ n: number }>('SELECT total_changes() AS n');
  await db.run("INSERT INTO text_sections (text_sections, rank) VALUES ('merge', ?)", [pages]);
  const after = await db.get<{ n: number }>('SELECT total_changes() AS n');
  // 'merge' changes rows of the segment table only when it did some work.
  if ((after?.n ?? 0) - (before?.n ?? 0) > 1) return true;
  if (!(await freePages(db))) return false;
  await db.exec(`PRAGMA incremental_vacuum(${pages * 4})`);
  return (await freePages(db)) > 0;
}

const freePages = async (db: Db): Promise<number> => (await db.get<{ freelist_count: number }>('PRAGMA freelist_count'))?.freelist_count ?? 0;
