/// <reference lib="webworker" />
/**
 * One worker of the ingest pool (one per core): hashes files and extracts metadata and covers,
 * writing covers (and imported copies) to OPFS before answering, so a book row never points
 * at a file that is not there yet. Driven by the scan coordinator (scanWorker.ts).
 */
import { expose } from 'comlink';
import type { ScannedBook } from '../db/api';
import { isOutOfSpace, outOfSpace } from '../domain/errors';
import { installErrorTransfer } from '../lib/comlinkErrors';
import { extractBook } from './extract';
import { hashFile } from './hash';
import { opfsFileExists, writeOpfsFile } from '../storage/opfs';
import { removeCoverFile } from '../storage/removeCover';

installErrorTransfer();

const running = new Set<AbortController>();

async function task<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  running.add(ac);
  try {
    return await fn(ac.signal);
  } finally {
    running.delete(ac);
  }
}

function coverExtension(type: string): string {
  return type === 'image/jpeg' ? 'jpg' : type === 'image/png' ? 'png' : 'webp';
}

/**
 * Storage errors in words a scan report can show. Out of space stays QUOTA_EXCEEDED: it stops
 * the scan (scanPipeline) instead of marking this file as bad.
 */
function storageError(e: unknown, what: string): Error {
  const name = (e as { name?: string } | null)?.name;
  if (name === 'AbortError') return e as Error;
  if (isOutOfSpace(e)) return outOfSpace(e);
  return new Error(`its ${what} could not be saved (${e instanceof Error ? e.message : String(e)})`);
}

export interface ExtractJob {
  /** OPFS path to copy the file to (folder import), or null to read it in place. */
  copyTo: string | null;
  covers: boolean;
  /** PDFs: leave the cover to the cover pass (coverPass.ts), so the scan goes at metadata speed. */
  pdfCoverLater?: boolean;
}

const api = {
  hash(file: Blob): Promise<string> {
    return task((signal) => hashFile(file, { signal }));
  },

  extract(file: Blob, path: string, hash: string, job: ExtractJob): Promise<ScannedBook> {
    return task(async (signal) => {
      const name = path.slice(path.lastIndexOf('/') + 1);
      const { fileType, metadata, cover, coverPending } = await extractBook(file, name, { signal, covers: job.covers, pdfCoverLater: job.pdfCoverLater });
      let coverPath: string | null = null;
      // A cover is named by content: one already there belongs to a book with the same bytes.
      let newCover = false;
      if (cover) {
        coverPath = `covers/${hash}.${coverExtension(cover.type)}`;
        try {
          newCover = !(await opfsFileExists(coverPath));
          await writeOpfsFile(coverPath, cover);
        } catch (e) {
          throw storageError(e, 'cover');
        }
      }
      try {
        signal.throwIfAborted();
        if (job.copyTo) {
          try {
            await writeOpfsFile(job.copyTo, file);
          } catch (e) {
            throw storageError(e, 'copy');
          }
        }
      } catch (e) {
        // No row will point at the cover just written: do not leave it taking space.
        if (newCover && coverPath) await removeCoverFile(coverPath).catch(() => {});
        throw e;
      }
      return { fileType, ...metadata, coverPath, ...(coverPending ? { coverPending: true } : {}) };
    });
  },

  /**
   * The cover pass: page 1 of a PDF in the library, written as covers/<hash>.<ext>; its path, or
   * null when it cannot be drawn. Rejects when cancelled or when the cover cannot be saved.
   */
  cover(file: Blob, hash: string): Promise<string | null> {
    return task(async (signal) => {
      const { drawPdfCover } = await import('./extract/pdf');
      const cover = await drawPdfCover(file, signal);
      if (!cover) return null;
      signal.throwIfAborted();
      const coverPath = `covers/${hash}.${coverExtension(cover.type)}`;
      try {
        await writeOpfsFile(coverPath, cover);
      } catch (e) {
        throw storageError(e, 'cover');
      }
      return coverPath;
    });
  },

  /** Stops every task in flight: they reject with an AbortError. */
  cancelAll(): void {
    for (const ac of running) ac.abort(new DOMException('Scan cancelled', 'AbortError'));
  },
};

export type IngestWorkerApi = typeof api;

expose(api);
