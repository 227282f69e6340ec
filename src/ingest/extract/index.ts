import { IngestError } from './IngestError';
import { readSlice } from './readSlice';

export { IngestError, INGEST_MESSAGES, ingestReasonOf, isAbort, type IngestReason } from './IngestError';
export { COVER_WIDTH } from './thumbnail';

export interface BookMetadata {
  /** Never empty: the metadata title, else the file name tidied. At most 500 characters. */
  title: string;
  /** Authors joined with ", ", or null. At most 500 characters. */
  author: string | null;
  /** Plain text (paragraphs separated by blank lines), or null. At most 5000 characters. */
  description: string | null;
  /** PDF page count; null for EPUB. */
  pageCount: number | null;
}

export interface Extracted {
  /** From the file's bytes, not its name: a mislabelled but valid book still gets in. */
  fileType: 'pdf' | 'epub';
  metadata: BookMetadata;
  /** A ~300 px wide WebP (JPEG where WebP cannot be encoded) thumbnail, or null (none, or no OffscreenCanvas). */
  cover: Blob | null;
  /** No cover yet, by request (pdfCoverLater): the cover pass draws it. */
  coverPending?: boolean;
}

export interface ExtractOptions {
  /** Cancels the extraction: it then rejects with the signal's reason (an AbortError), not an IngestError. */
  signal?: AbortSignal;
  /** Make a cover thumbnail (default true). False skips all rendering and image decoding. */
  covers?: boolean;
  /** Leave a PDF's cover for later (coverPending): the scan adds the book in metadata time. */
  pdfCoverLater?: boolean;
}

export type SniffedFormat = 'pdf' | 'epub' | null;

/** 'pdf' for "%PDF-" in the first KB (the spec tolerates leading junk), 'epub' for a zip, else null. */
export function sniffFormat(head: Uint8Array): SniffedFormat {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'epub';
  const text = String.fromCharCode(...head.subarray(0, 1024));
  if (text.includes('%PDF-')) return 'pdf';
  return null;
}

function extensionOf(fileName: string): 'pdf' | 'epub' | null {
  const m = /\.(pdf|epub)$/i.exec(fileName);
  return m ? (m[1]!.toLowerCase() as 'pdf' | 'epub') : null;
}

/**
 * Metadata and cover of one book file. Runs in a module worker (no DOM needed) and in Node.
 *
 * The format comes from the magic bytes; the format module (pdf.js, the zip reader) is
 * loaded on first use. Every bad file rejects with an IngestError carrying a plain reason;
 * anything unexpected is wrapped as 'damaged-pdf' / 'damaged-archive' so that one file can
 * never throw something a scan does not know how to report. Cancelling rejects with the
 * signal's reason.
 */
export async function extractBook(file: Blob, fileName: string, opts: ExtractOptions = {}): Promise<Extracted> {
  opts.signal?.throwIfAborted();
  if (file.size === 0) throw new IngestError('empty-file');
  const format = sniffFormat(await readSlice(file, 0, 1024));
  const named = extensionOf(fileName);
  if (!format) {
    throw new IngestError(named === 'pdf' ? 'not-a-pdf' : named === 'epub' ? 'not-an-epub' : 'unknown-format');
  }
  // Outside the try: a chunk that fails to load is the app's problem, not the file's.
  const extract = format === 'pdf' ? (await import('./pdf')).extractPdf : (await import('./epub')).extractEpub;
  try {
    return await extract(file, fileName, opts);
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    // A zip named .pdf that is not an EPUB is, to the user, "not a PDF".
    if (named && named !== format && e instanceof IngestError) throw new IngestError(named === 'pdf' ? 'not-a-pdf' : 'not-an-epub', { cause: e });
    if (e instanceof IngestError) throw e;
    throw new IngestError(format === 'pdf' ? 'damaged-pdf' : 'damaged-archive', { cause: e, detail: String((e as Error)?.message ?? e).slice(0, 200) });
  }
}
