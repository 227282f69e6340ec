-- Admin → Library counts the books of each source on every page load, and rescans page through
-- the local books by path: without this index both read the whole books table (seconds at
-- 100,000 books, and it evicts the page cache every other query relies on).
CREATE INDEX books_source_path_idx ON books (source, file_path);
