-- Share links are looked up by the SHA-256 of their token, as sessions are, so neither the
-- catalogue nor a backup of it holds a link that works. The token itself, needed to show the
-- link to its owner again, is kept in share_links, which stays in this browser: it is never
-- exported, and a restore keeps only the links that are live when it runs (src/db/backup.ts).
-- SQL cannot hash: the tokens copied here are hashed in place by hashPlainShareTokens
-- (src/db/queries/collections.ts) when the app starts or restores.
CREATE TABLE share_links (
  collection_id TEXT PRIMARY KEY NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  token TEXT NOT NULL
);
INSERT INTO share_links (collection_id, token) SELECT id, share_token FROM collections WHERE share_token IS NOT NULL;
