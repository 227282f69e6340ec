import { emptyPollStatus, type S3IndexEntry, type S3PollStatus, type S3Write, type ScannedBook, type ScanWriteResult } from '../db/api';
import { planPoll } from './planPoll';
import type { S3Object } from './types';

/** Everything one poll touches, so the same logic runs in the page and in Node tests. */
export interface PollIO {
  /** Every book object under the prefix (all pages). */
  list(signal: AbortSignal): Promise<S3Object[]>;
  /** Every S3 book the catalogue knows. */
  index(): Promise<S3IndexEntry[]>;
  /** The object's bytes (streamed to disk where the browser can). */
  download(o: S3Object, signal: AbortSignal): Promise<Blob>;
  hash(file: Blob, signal: AbortSignal): Promise<string>;
  /** Metadata and cover (written to OPFS before the row points at it). */
  extract(file: Blob, key: string, hash: string, signal: AbortSignal): Promise<ScannedBook>;
  apply(writes: S3Write[]): Promise<ScanWriteResult[]>;
  /** Covers and offline copies no row uses any more. */
  forget(paths: { covers: string[]; bookIds: string[] }): Promise<void>;
  /** Called for each book added or updated, with its bytes (to keep an offline copy). */
  imported?(bookId: string, fileType: 'pdf' | 'epub', file: Blob): Promise<void>;
  onProgress?(done: number, total: number, key: string): void;
}

const BATCH = 100;

function reasonOf(e: unknown): string {
  if (e instanceof Error && 'reason' in e && typeof (e as { reason: unknown }).reason === 'string') return e.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * One poll: list, diff by key and ETag, then remove vanished books, and download, hash and
 * extract new and changed ones, two at a time. A bad object is a line in the status, never the
 * end of the poll. Writes go in small batches (each holds the cross-tab database lock).
 */
export async function pollBucket(io: PollIO, signal: AbortSignal, concurrency = 2): Promise<Omit<S3PollStatus, 'retryIn' | 'failuresInARow'>> {
  const status: Omit<S3PollStatus, 'retryIn' | 'failuresInARow'> = emptyPollStatus('done');
  const listing = await io.list(signal);
  status.listed = listing.length;
  const known = await io.index();
  const byId = new Map(known.map((k) => [k.id, k]));
  const plan = planPoll(listing, known);

  for (let i = 0; i < plan.removed.length; i += BATCH) {
    signal.throwIfAborted();
    const part = plan.removed.slice(i, i + BATCH);
    const results = await io.apply(part.map((k) => ({ kind: 'delete', id: k.id })));
    const covers = results.flatMap((r) => (r.status === 'ok' && r.staleCover ? [r.staleCover] : []));
    await io.forget({ covers, bookIds: part.map((k) => k.id) });
    status.removed += part.length;
  }

  type Job = { object: S3Object; bookId: string | null };
  const jobs: Job[] = [...plan.added.map((object) => ({ object, bookId: null })), ...plan.changed.map((c) => ({ object: c.object, bookId: c.bookId }))];
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      signal.throwIfAborted();
      const { object, bookId } = jobs[next++]!;
      io.onProgress?.(done, jobs.length, object.key);
      try {
        if (object.size === 0) throw new Error('empty file');
        const file = await io.download(object, signal);
        const hash = await io.hash(file, signal);
        const before = bookId ? byId.get(bookId) : undefined;
        let write: S3Write;
        if (before && before.hash === hash) write = { kind: 'touch', id: before.id, etag: object.etag };
        else {
          const book = await io.extract(file, object.key, hash, signal);
          write = bookId
            ? { kind: 'update', id: bookId, key: object.key, etag: object.etag, size: file.size, hash, book }
            : { kind: 'insert', key: object.key, etag: object.etag, size: file.size, hash, book };
        }
        const [result] = await io.apply([write]);
        if (result!.status === 'ok') {
          if (write.kind === 'insert') status.added++;
          else status.updated++;
          if (write.kind !== 'touch') {
            if (result!.staleCover) await io.forget({ covers: [result!.staleCover], bookIds: [] });
            await io.imported?.(result!.id, write.book.fileType, file);
          }
        } else if (result!.status === 'duplicate') {
          status.duplicates.push({ key: object.key, existingPath: result!.existingPath });
          // The cover written for it belongs to the other book (same content, same name): keep it.
        } else status.failures.push({ key: object.key, reason: result!.reason });
      } catch (e) {
        if (signal.aborted) throw e;
        status.failures.push({ key: object.key, reason: reasonOf(e) });
      }
      done++;
      io.onProgress?.(done, jobs.length, object.key);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return status;
}
