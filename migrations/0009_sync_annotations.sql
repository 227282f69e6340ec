-- Sync of annotations and bookmarks (issue 14, item 3; src/sync/README.md).
--
-- sync_dirty's kind check predates annotations, and SQLite cannot change a CHECK: the table is
-- rebuilt with the new kind. The triggers of 0008 name sync_dirty only inside their bodies, so
-- they keep working once the new table has the old name; legacy_alter_table stops the rename from
-- checking them while no sync_dirty exists (SQLite's documented way to rebuild a table).
PRAGMA legacy_alter_table = ON;
CREATE TABLE sync_dirty_v2 (
  kind TEXT NOT NULL CHECK (kind IN ('user', 'collection', 'member', 'progress', 'book', 'annotation')),
  key TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  completed_at INTEGER,
  reset_at INTEGER,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;
INSERT INTO sync_dirty_v2 (kind, key, changed_at, completed_at, reset_at) SELECT kind, key, changed_at, completed_at, reset_at FROM sync_dirty;
DROP TABLE sync_dirty;
ALTER TABLE sync_dirty_v2 RENAME TO sync_dirty;
PRAGMA legacy_alter_table = OFF;

-- An annotation is keyed by its id (a UUID made on one device, the same everywhere); its book
-- travels as the book's SHA-256 in the record. A delete is recorded only while the book is still
-- here: a book leaving this device takes its annotations along, which is not a deletion to sync
-- (the same as its collection links).

CREATE TRIGGER sync_annotations_insert AFTER INSERT ON annotations WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT INTO sync_dirty (kind, key, changed_at) SELECT 'annotation', new.id, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)
    WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'annotation' AND key = new.id);
  UPDATE sync_dirty SET changed_at = CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER) WHERE kind = 'annotation' AND key = new.id;
END;

CREATE TRIGGER sync_annotations_update AFTER UPDATE ON annotations WHEN (SELECT recording FROM sync_mode) = 1
BEGIN
  INSERT INTO sync_dirty (kind, key, changed_at) SELECT 'annotation', new.id, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)
    WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'annotation' AND key = new.id);
  UPDATE sync_dirty SET changed_at = CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER) WHERE kind = 'annotation' AND key = new.id;
END;

CREATE TRIGGER sync_annotations_delete AFTER DELETE ON annotations
  WHEN (SELECT recording FROM sync_mode) = 1 AND EXISTS (SELECT 1 FROM books WHERE id = old.book_id)
BEGIN
  INSERT INTO sync_dirty (kind, key, changed_at) SELECT 'annotation', old.id, CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)
    WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'annotation' AND key = old.id);
  UPDATE sync_dirty SET changed_at = CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER) WHERE kind = 'annotation' AND key = old.id;
END;
