-- Books on each device (issue 14, item 5). A book another device found in its own folder is a
-- row here too, so its collections and reading progress apply at once, but with on_device = 0:
-- the library shows it as "Not on this device" and nothing tries to read it. Its file_path is a
-- hidden name (.alex-remote/<hash>) that no folder scan lists. When this device's folder holds a
-- file with the same SHA-256, the scan takes the row over (path, size, cover, on_device = 1): the
-- same book, never a second one.
ALTER TABLE books ADD COLUMN on_device INTEGER NOT NULL DEFAULT 1;
