-- Rescans recognise unchanged files by path + size + modification time, without reading them.
ALTER TABLE books ADD COLUMN file_mtime INTEGER;

-- Sign-in sessions of this browser. The token itself is never stored, only its SHA-256.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  persistent INTEGER NOT NULL DEFAULT 0,
  must_change_password INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed sign-ins in a row, per email, shared by every tab: the growing wait survives a reload.
CREATE TABLE login_attempts (
  email TEXT PRIMARY KEY NOT NULL,
  failures INTEGER NOT NULL,
  last_failed_at INTEGER NOT NULL
);

-- The library page sorts by these; without indexes each page is a full scan at 100,000 books.
CREATE INDEX books_added_at_idx ON books (added_at);
CREATE INDEX reading_progress_user_status_idx ON reading_progress (user_id, status, last_read_at);
CREATE INDEX collections_user_idx ON collections (user_id);
