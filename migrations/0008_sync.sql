-- Sync between devices (issue 14, src/sync/README.md).
--
-- Triggers record which synced rows changed, whoever wrote them (the one writer of each table, a
-- CLI, a restore), the way 0003 queues books for the search index. The sync engine turns each
-- recorded row into a change record stamped with its hybrid logical clock when it uploads. The
-- triggers only fire while sync_mode.recording is 1: off before sync is turned on, and off while
-- the engine applies other devices' records (so they are not echoed back).

CREATE TABLE sync_mode (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  recording INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_mode (id, recording) VALUES (1, 0);

-- Rows changed here and not uploaded yet. key: users.id, collections.id, books.file_hash,
-- "<collection id>|<book hash>", "<user id>|<book hash>". Times are wall-clock ms; completed_at
-- and reset_at mark a progress row entering or leaving "completed" (merge rule, README).
CREATE TABLE sync_dirty (
  kind TEXT NOT NULL CHECK (kind IN ('user', 'collection', 'member', 'progress', 'book')),
  key TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  completed_at INTEGER,
  reset_at INTEGER,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- The clock stamp of each synced row's current version, and tombstones (deleted = 1) so an older
-- record arriving late does not bring a deleted row back. meta: progress's completed/reset stamps.
CREATE TABLE sync_rows (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  hlc TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  meta TEXT,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- Other devices' records this device cannot apply yet (a book from a folder that is not here):
-- applied when a book with that SHA-256 appears.
CREATE TABLE sync_pending (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  hash TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX sync_pending_hash_idx ON sync_pending (hash);

-- A position from another device that is well behind this one: offered, not forced.
CREATE TABLE sync_offers (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  current_page INTEGER,
  total_pages INTEGER,
  epub_location TEXT,
  percent_complete REAL NOT NULL,
  offered_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, book_id)
);

-- The engine's own state: cursor, clock, bucket location (never its keys).
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);

CREATE TRIGGER sync_users_insert AFTER INSERT ON users WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at) VALUES ('user', new.id, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER));
END;
CREATE TRIGGER sync_users_update AFTER UPDATE OF email, password_hash, display_name, role ON users WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at) VALUES ('user', new.id, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER));
END;
CREATE TRIGGER sync_users_delete AFTER DELETE ON users WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at) VALUES ('user', old.id, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER));
END;

CREATE TRIGGER sync_collections_insert AFTER INSERT ON collections WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at) VALUES ('collection', new.id, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER));
END;
CREATE TRIGGER sync_collections_update AFTER UPDATE OF name, description ON collections WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at) VALUES ('collection', new.id, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER));
END;
CREATE TRIGGER sync_collections_delete AFTER DELETE ON collections WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at) VALUES ('collection', old.id, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER));
END;

-- Membership and progress are keyed by the book's SHA-256: each device has its own book ids.
CREATE TRIGGER sync_members_insert AFTER INSERT ON collection_books WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at)
  SELECT 'member', new.collection_id || '|' || file_hash, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER) FROM books WHERE id = new.book_id;
END;
CREATE TRIGGER sync_members_delete AFTER DELETE ON collection_books WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at)
  SELECT 'member', old.collection_id || '|' || file_hash, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER) FROM books WHERE id = old.book_id;
END;

CREATE TRIGGER sync_progress_insert AFTER INSERT ON reading_progress WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at, completed_at, reset_at)
  SELECT 'progress', new.user_id || '|' || file_hash, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER),
    CASE WHEN new.status = 'completed' THEN CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER) END, NULL
  FROM books WHERE id = new.book_id;
END;
CREATE TRIGGER sync_progress_update AFTER UPDATE ON reading_progress WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at, completed_at, reset_at)
  SELECT 'progress', new.user_id || '|' || b.file_hash, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER),
    CASE WHEN new.status = 'completed' AND old.status <> 'completed' THEN CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)
      ELSE (SELECT completed_at FROM sync_dirty WHERE kind = 'progress' AND key = new.user_id || '|' || b.file_hash) END,
    CASE WHEN old.status = 'completed' AND new.status <> 'completed' THEN CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)
      ELSE (SELECT reset_at FROM sync_dirty WHERE kind = 'progress' AND key = new.user_id || '|' || b.file_hash) END
  FROM books b WHERE b.id = new.book_id;
END;

-- A book's record: what describes the file, never where this device keeps it. Deleting a book
-- is not synced: each device's folder is its own.
CREATE TRIGGER sync_books_insert AFTER INSERT ON books WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at) VALUES ('book', new.file_hash, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER));
END;
CREATE TRIGGER sync_books_update AFTER UPDATE OF title, author, description, file_type, file_hash, page_count, s3_bucket ON books
WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT OR REPLACE INTO sync_dirty (kind, key, changed_at) VALUES ('book', new.file_hash, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER));
END;
