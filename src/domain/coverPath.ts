/**
 * The only shape a cover file has: `covers/<sha256 of the book>.<webp|jpg|png>`, written by the
 * ingest worker. Anything else read from a row (a restored backup, a bucket) is not a cover, and
 * deleting it could remove another folder of this origin's storage.
 */
const COVER_PATH = /^covers\/[0-9a-f]{64}\.(?:webp|jpg|png)$/;

export function isCoverPath(path: unknown): path is string {
  return typeof path === 'string' && COVER_PATH.test(path);
}
