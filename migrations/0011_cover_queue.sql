-- PDF covers are drawn after the scan (issue 13): drawing page 1 is about 90 % of a real PDF's
-- ingest cost, so a scan adds the book with its metadata and marks its cover as owed. A
-- background pass (src/ingest/coverPass.ts) draws owed covers and clears the mark, also when no
-- cover could be drawn, so a bad first page is tried once. The mark lives in the row, so a pass
-- stopped anywhere (a closed tab, a reload) resumes from what is still marked.
ALTER TABLE books ADD COLUMN cover_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX books_cover_pending_idx ON books (file_path) WHERE cover_pending = 1;
