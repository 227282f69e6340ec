-- Search folding spells out letters that do not decompose (ø → o, æ → ae, ß → ss, ł → l, þ → th…)
-- and also indexes ä ö ü ø å as ae oe ue oe aa (src/domain/search.ts). Terms and sort keys stored
-- with the earlier folding would no longer meet the queries, so every book goes back on the index
-- queue: src/db/queries/searchIndex.ts replaces its terms and keys before the next library query.
INSERT OR IGNORE INTO book_index_queue (book_id) SELECT id FROM books;
