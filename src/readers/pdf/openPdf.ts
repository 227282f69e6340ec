/**
 * pdf.js, loaded on demand, reading a Blob in ranges: the worker asks for the byte ranges it
 * needs (xref, page tree, one page's objects) and only those are read from disk, so a 500 MB PDF
 * opens without being read whole (Blob.slice on an OPFS or picked-folder File is lazy).
 */
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { readerMark } from '../readerMarks';

export type Pdfjs = typeof import('pdfjs-dist');
export type PdfViewerLib = typeof import('pdfjs-dist/web/pdf_viewer.mjs');

let loaded: Promise<{ pdfjs: Pdfjs; viewer: PdfViewerLib; worker: InstanceType<Pdfjs['PDFWorker']> }> | undefined;

/**
 * pdf.js, its viewer component, and one pdf.js worker for the whole tab. Starting the worker
 * (parsing a 1.2 MB module) is the largest part of opening a PDF, so it is started once, as
 * early as possible (ReaderPage calls this as soon as it knows the book is a PDF), and kept
 * for the next book. pdf_viewer.mjs reads pdf.js from globalThis.pdfjsLib.
 */
export function loadPdfjs() {
  loaded ??= (async () => {
    const pdfjs = await import('pdfjs-dist');
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
    (globalThis as { pdfjsLib?: Pdfjs }).pdfjsLib = pdfjs;
    readerMark('pdfjs-module');
    const worker = new pdfjs.PDFWorker();
    void worker.promise.then(() => readerMark('pdfjs-worker-ready'), () => {});
    const viewer = await import('pdfjs-dist/web/pdf_viewer.mjs');
    return { pdfjs, viewer, worker };
  })();
  return loaded;
}

/**
 * Chunk size of range reads: pdf.js rounds every request up to it (contiguous chunks it needs
 * together are still one read). Small, because on opening a document pdf.js checks the last
 * page, walking the page tree one page object at a time: where page objects are spread through
 * the file (a scanned book), that is one chunk per page — 200 pages × 16 KiB = 3 MiB read.
 * Linearized PDFs skip the walk.
 */
export const RANGE_CHUNK = 16 * 1024;
/**
 * Files up to this size are handed to pdf.js whole. Before the first page pdf.js walks the page
 * tree to the last page: read in ranges, every step that needs bytes not read yet is a round trip
 * through this thread, and a long book (LaTeX's 1,221-page source2e.pdf is 5.8 MB) has many;
 * reading 8 MB from disk takes milliseconds, and that memory only while it is open. Bigger files
 * (scans, mostly) stay in ranges: they are never held whole.
 */
export const WHOLE_FILE_MAX = 8 * 1024 * 1024;

const assetBase = () => new URL(`${import.meta.env.BASE_URL}pdfjs/`, location.href).href;

export interface OpenPdfOptions {
  /** For an encrypted PDF: call retry(password) to try one. */
  onPassword?: (retry: (password: string) => void, incorrect: boolean) => void;
  /** A range could not be read (the file changed or went away while open). */
  onReadError?: (e: unknown) => void;
}

/** Starts loading `blob`; the caller owns the returned loading task (destroy() it when done). */
export async function openPdf(pdfjs: Pdfjs, blob: Blob, opts: OpenPdfOptions = {}) {
  // The file is read while pdf.js and its worker start (when they have not yet).
  const head = blob.slice(0, blob.size <= WHOLE_FILE_MAX ? blob.size : RANGE_CHUNK).arrayBuffer();
  head.catch(() => {}); // awaited below; this only keeps a failure while pdf.js loads from being "unhandled"
  const { worker } = await loadPdfjs();
  class BlobRangeTransport extends pdfjs.PDFDataRangeTransport {
    override requestDataRange(begin: number, end: number) {
      blob
        .slice(begin, end)
        .arrayBuffer()
        .then(
          (buf) => this.onDataRange(begin, new Uint8Array(buf)),
          // pdf.js has no way to fail one range: the reader reports it and closes the document.
          (e) => opts.onReadError?.(e),
        );
    }
  }
  // A small file is read at once (one read beats a dozen round trips through the worker); a
  // large one starts from its first chunk and is read in ranges from there.
  const initial = new Uint8Array(await head);
  readerMark('file-read');
  const transport = new BlobRangeTransport(blob.size, initial);
  const base = assetBase();
  const task = pdfjs.getDocument({
    range: transport,
    // Shared: destroying this document's loading task leaves the worker for the next one.
    worker,
    length: blob.size,
    rangeChunkSize: RANGE_CHUNK,
    // Only what is shown is read: no background download of the rest, no streaming.
    disableAutoFetch: true,
    disableStream: true,
    cMapUrl: `${base}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${base}standard_fonts/`,
    iccUrl: `${base}iccs/`,
    wasmUrl: `${base}wasm/`,
    isEvalSupported: false,
    enableXfa: false,
  });
  const { onPassword } = opts;
  if (onPassword)
    task.onPassword = (update: (pw: string) => void, reason: number) => onPassword(update, reason === pdfjs.PasswordResponses.INCORRECT_PASSWORD);
  return task;
}
