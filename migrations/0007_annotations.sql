-- Highlights, notes and bookmarks (issue 17), per user and book.
--
-- book_hash is the content the annotation was made on: after the file changes (same book id, new
-- hash) the reader knows to re-anchor from the quote rather than trust the CFI or rectangles.
-- The anchor is spread over columns rather than one JSON blob so exports, counts and sync can
-- read it without parsing: EPUB uses cfi, PDF uses page + rects (JSON list of {x, y, width,
-- height} in page units at scale 1, origin top-left); both keep the quote (prefix/exact/suffix).
CREATE TABLE annotations (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  book_hash TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('highlight', 'note', 'bookmark')),
  color TEXT CHECK (color IS NULL OR color IN ('yellow', 'green', 'blue', 'pink')),
  note TEXT,
  cfi TEXT,
  page INTEGER CHECK (page IS NULL OR page >= 1),
  quote_exact TEXT,
  quote_prefix TEXT,
  quote_suffix TEXT,
  rects TEXT,
  label TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (cfi IS NOT NULL OR page IS NOT NULL)
);
CREATE INDEX annotations_user_book_idx ON annotations (user_id, book_id);
-- Deleting a book cascades here: without this index each delete scans every annotation.
CREATE INDEX annotations_book_idx ON annotations (book_id);
