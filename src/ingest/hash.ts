import { createSHA256 } from 'hash-wasm';
import { IngestError } from './extract/IngestError';

export interface HashOptions {
  signal?: AbortSignal;
  /** Called after each chunk with the number of bytes hashed so far (cumulative). */
  onProgress?: (bytes: number) => void;
}

/**
 * SHA-256 of a file as lowercase hex: the book's identity (books.file_hash).
 *
 * Streams `file.stream()` through hash-wasm so memory stays at one chunk whatever the size
 * (a 2 GB PDF never sits in memory). Cancelling rejects with the signal's reason (an
 * AbortError DOMException), so a scan can tell "cancelled" from "bad file". A file that
 * cannot be read (deleted or rewritten since getFile(): Chromium then throws
 * NotReadableError) becomes IngestError('unreadable').
 */
export async function hashFile(file: Blob, opts: HashOptions = {}): Promise<string> {
  const { signal, onProgress } = opts;
  signal?.throwIfAborted();
  const hasher = await createSHA256();
  hasher.init();
  const reader = file.stream().getReader();
  let done = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        throw new IngestError('unreadable', { cause: e });
      }
      if (chunk.done) break;
      hasher.update(chunk.value);
      done += chunk.value.byteLength;
      onProgress?.(done);
    }
  } finally {
    // Releases the file if we stopped early (abort); a no-op after the last chunk.
    reader.cancel().catch(() => {});
  }
  signal?.throwIfAborted();
  return hasher.digest('hex');
}
