-- Library search and sorting (issue 5).
--
-- Search is a portable word-prefix index, not a full-text table: sql.js has no FTS5 and wa-sqlite
-- no FTS3/4, and both must run these files. Words are folded (lower case, accents removed) in JS
-- (src/domain/search.ts), which SQLite cannot do without ICU, so triggers cannot fill the index
-- themselves. Instead every change to a book's title or author queues the book, whoever wrote it
-- (repository code, the CLI, a restore), and src/db/queries/searchIndex.ts empties the queue: at
-- once from insertBook/updateBook, and before every library query for anything else.

-- A small stable number per book. The index refers to books by it rather than by the 36-character
-- id (a quarter of the size, and integer sets are cheap to build and probe), and rather than by
-- rowid, which VACUUM (used by backups) may renumber.
ALTER TABLE books ADD COLUMN seq INTEGER;
UPDATE books SET seq = rowid;
CREATE UNIQUE INDEX books_seq_unique ON books (seq);
CREATE TRIGGER books_assign_seq AFTER INSERT ON books WHEN new.seq IS NULL
BEGIN
  UPDATE books SET seq = (SELECT IFNULL(MAX(seq), 0) + 1 FROM books) WHERE rowid = new.rowid;
END;

CREATE TABLE book_terms (
  term TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (term, seq)
) WITHOUT ROWID;
-- Removing a book's words must not scan the whole index.
CREATE INDEX book_terms_seq_idx ON book_terms (seq);

CREATE TABLE book_index_queue (
  book_id TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;

-- Folded sort keys, kept with the terms (same queue): "Émile" sorts with "emile".
ALTER TABLE books ADD COLUMN title_key TEXT;
ALTER TABLE books ADD COLUMN author_key TEXT;

-- One index per sort order, each ending in seq so the order is total and a filter on a set of
-- books (search words, status, collection) is checked from the index being walked; file_type rides
-- along for the format filter. None of them needs a visit to a book's row.
DROP INDEX books_added_at_idx;
CREATE INDEX books_added_idx ON books (added_at, file_type, seq);
CREATE INDEX books_title_key_idx ON books (title_key, file_type, seq);
CREATE INDEX books_author_key_idx ON books (author_key, title_key, file_type, seq);

CREATE TRIGGER books_search_insert AFTER INSERT ON books
BEGIN
  INSERT OR IGNORE INTO book_index_queue (book_id) VALUES (new.id);
END;

CREATE TRIGGER books_search_update AFTER UPDATE OF title, author ON books
WHEN new.title IS NOT old.title OR new.author IS NOT old.author
BEGIN
  INSERT OR IGNORE INTO book_index_queue (book_id) VALUES (new.id);
END;

CREATE TRIGGER books_search_delete AFTER DELETE ON books
BEGIN
  DELETE FROM book_terms WHERE seq = old.seq;
  DELETE FROM book_index_queue WHERE book_id = old.id;
END;

-- Books that exist before this migration get indexed by the first library query.
INSERT INTO book_index_queue (book_id) SELECT id FROM books;

-- "Recently read" walks one user's progress by date.
CREATE INDEX reading_progress_user_read_idx ON reading_progress (user_id, last_read_at);
