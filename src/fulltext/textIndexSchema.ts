import type { Db } from '../db/Db';

/** The full-text index lives in its own OPFS file: derived data, never in backups or migrations. */
export const FULLTEXT_FILE = 'fulltext.db';

/** Bumped when the layout or the folding changes: the index is then thrown away and rebuilt. */
export const TEXT_INDEX_VERSION = 6;

/**
 * text_books: one row per book content (SHA-256), so a moved book keeps its rows and a changed
 * one (new hash) is indexed afresh. state: 'indexing' (next_unit says where to go on), 'done',
 * 'no-text' (scanned pages: not tried again), 'failed' (unreadable: not tried again until the
 * index is rebuilt). A book's rows in text_sections are the rowids base .. base + row_count - 1, one
 * after another: FTS5 stores each rowid as the difference from the one before it in a term's
 * list, so dense rowids cost one byte where the former `book << 24 | section` keys cost four at
 * every book boundary (0.05 × text of 0.40). Rows are only added after every book's (a book's
 * first part places it there; a resumed book whose rows are no longer last starts again).
 *
 * text_book_rows: what each of those rows is (the book's section numbers, comma-separated, in
 * row order: a PDF page, an EPUB spine item and part) and the book's kept term counts.
 *
 * text_sections: contentless FTS5 (the text itself is not stored: the index is a fraction of the
 * text's size; snippets are made from the book when shown). The text is folded in JS before it
 * is indexed, exactly as the title search folds (src/domain/search.ts), so the tokenizer's own
 * diacritics removal stays off.
 *
 * text_terms: every term the index holds, with a small number of its own (id), so a prefix the
 * user types ("the") is expanded to its terms in a B-tree lookup and searched as exact terms:
 * FTS5's own prefix query merges the whole position lists of every such term first (270 ms for
 * "the" at 1,000 books) even when only the first books are shown. Terms of removed books stay
 * (they then match nothing) until a rebuild. text_meta.next_term is the next id.
 *
 * Kept counts (text_book_rows.counts): a book's occurrences of each term it holds at least
 * COUNTED_TERM_MIN times, as varints (term id difference, count) in id order: about 2.5 bytes a
 * term, where a (book, term, n) row took 17 (text_books.counted = 1 when the book was indexed in
 * one run, so the list is whole). The counts a search shows for a single word come from here:
 * FTS5 can only give them through bm25, whose idf costs a read of the term's whole doclist.
 */
const TABLES = ['text_sections', 'text_books', 'text_book_rows', 'text_terms', 'text_counts', 'text_meta'];
const SCHEMA = `
CREATE TABLE IF NOT EXISTS text_books (
  no INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  file_type TEXT NOT NULL,
  state TEXT NOT NULL,
  next_unit INTEGER NOT NULL DEFAULT 0,
  units INTEGER,
  chars INTEGER NOT NULL DEFAULT 0,
  counted INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  base INTEGER NOT NULL,
  row_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS text_books_base ON text_books (base);
CREATE INDEX IF NOT EXISTS text_books_end ON text_books (base + row_count);
CREATE TABLE IF NOT EXISTS text_book_rows (no INTEGER PRIMARY KEY, sections TEXT NOT NULL DEFAULT '', counts BLOB);
CREATE TABLE IF NOT EXISTS text_terms (term TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS text_meta (next_term INTEGER NOT NULL);
INSERT INTO text_meta (next_term) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM text_meta);
CREATE VIRTUAL TABLE IF NOT EXISTS text_sections USING fts5(
  body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
`;
/** PRAGMA auto_vacuum's value for INCREMENTAL. */
const INCREMENTAL = 2;
const DROP = TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`).join(' ');

export async function ensureTextIndex(db: Db): Promise<void> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  if (row?.user_version === TEXT_INDEX_VERSION) return;
  // Version 0 until the new tables are made: a tab closed half-way leaves an index thrown away again next time.
  await db.transaction(() => db.exec(`${DROP} PRAGMA user_version = 0;`));
  // The pages FTS5's merges free stay in the file (0.03 × text after a full merge, the user's
  // disk) unless it is in incremental auto-vacuum, where optimizeStep hands them back. The mode
  // is fixed when a file's first table is made: an older index file is changed by a VACUUM,
  // quick now that it is empty (temporary files are in memory: src/db/open.ts).
  const mode = await db.get<{ auto_vacuum: number }>('PRAGMA auto_vacuum');
  if (mode?.auto_vacuum !== INCREMENTAL) {
    await db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    await db.exec('VACUUM');
  } else await db.exec('PRAGMA incremental_vacuum');
  await db.transaction(async () => {
    await db.exec(SCHEMA);
    await db.exec(`PRAGMA user_version = ${TEXT_INDEX_VERSION}`);
  });
}

/** Throws the whole index away; every book is indexed again. */
export async function dropTextIndex(db: Db): Promise<void> {
  await db.exec(`${DROP} PRAGMA user_version = 0;`);
  await ensureTextIndex(db);
}
