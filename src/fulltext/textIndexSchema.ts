import type { Db } from '../db/Db';

/** The full-text index lives in its own OPFS file: derived data, never in backups or migrations. */
export const FULLTEXT_FILE = 'fulltext.db';

/** Bumped when the layout or the folding changes: the index is then thrown away and rebuilt. */
export const TEXT_INDEX_VERSION = 3;

/**
 * text_books: one row per book content (SHA-256), so a moved book keeps its rows and a changed
 * one (new hash) is indexed afresh. `no` is the small number in the rowids of text_sections.
 * state: 'indexing' (next_unit says where to go on), 'done', 'no-text' (scanned pages: not tried
 * again), 'failed' (unreadable: not tried again until the index is rebuilt).
 *
 * text_sections: contentless FTS5 (the text itself is not stored: the index is a fraction of the
 * text's size; snippets are made from the book when shown). The text is folded in JS before it
 * is indexed, exactly as the title search folds (src/domain/search.ts), so the tokenizer's own
 * diacritics removal stays off.
 *
 * text_terms: every term the index holds, so a prefix the user types ("the") is expanded to its
 * terms in a B-tree lookup and searched as exact terms: FTS5's own prefix query merges the whole
 * position lists of every such term first (270 ms for "the" at 1,000 books) even when only the
 * first books are shown. Terms of removed books stay (they then match nothing) until a rebuild.
 *
 * text_counts: a book's occurrences of each term it holds at least COUNTED_TERM_MIN times
 * (text_books.counted = 1 when the book was indexed in one run, so the list is whole). The counts
 * a search shows for a single word come from here: FTS5 can only give them through bm25, whose
 * idf costs a read of the term's whole doclist ("the": every page of the library).
 */
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
  reason TEXT
);
CREATE TABLE IF NOT EXISTS text_counts (no INTEGER NOT NULL, term TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (no, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS text_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS text_sections USING fts5(
  body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
`;

export async function ensureTextIndex(db: Db): Promise<void> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  if (row?.user_version !== TEXT_INDEX_VERSION) {
    await db.exec('DROP TABLE IF EXISTS text_sections; DROP TABLE IF EXISTS text_books; DROP TABLE IF EXISTS text_terms; DROP TABLE IF EXISTS text_counts;');
    await db.exec(SCHEMA);
    await db.exec(`PRAGMA user_version = ${TEXT_INDEX_VERSION}`);
  }
}

/** Throws the whole index away; every book is indexed again. */
export async function dropTextIndex(db: Db): Promise<void> {
  await db.exec('DROP TABLE IF EXISTS text_sections; DROP TABLE IF EXISTS text_books; DROP TABLE IF EXISTS text_terms; DROP TABLE IF EXISTS text_counts; PRAGMA user_version = 0;');
  await ensureTextIndex(db);
}
