-- Initial schema (DESIGN.md section 2). Shipped: never edit; add a new file instead.
CREATE TABLE users (
  id TEXT PRIMARY KEY NOT NULL,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email_unique ON users (email);

CREATE TABLE books (
  id TEXT PRIMARY KEY NOT NULL,
  title TEXT NOT NULL,
  author TEXT,
  description TEXT,
  file_type TEXT NOT NULL CHECK (file_type IN ('pdf', 'epub')),
  file_path TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  file_hash TEXT NOT NULL,
  cover_path TEXT,
  page_count INTEGER,
  added_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX books_file_path_unique ON books (file_path);
CREATE UNIQUE INDEX books_file_hash_unique ON books (file_hash);
CREATE INDEX books_title_idx ON books (title);
CREATE INDEX books_author_idx ON books (author);

CREATE TABLE reading_progress (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  current_page INTEGER,
  total_pages INTEGER,
  epub_location TEXT,
  percent_complete REAL NOT NULL DEFAULT 0 CHECK (percent_complete >= 0 AND percent_complete <= 100),
  status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'reading', 'completed')),
  last_read_at INTEGER
);
CREATE UNIQUE INDEX reading_progress_user_book_unique ON reading_progress (user_id, book_id);
CREATE INDEX reading_progress_status_idx ON reading_progress (status);

CREATE TABLE collections (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT,
  share_token TEXT,
  shared_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX collections_share_token_unique ON collections (share_token);

CREATE TABLE collection_books (
  collection_id TEXT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (collection_id, book_id)
);
CREATE INDEX collection_books_collection_idx ON collection_books (collection_id);
CREATE INDEX collection_books_book_idx ON collection_books (book_id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
