/**
 * pdf.js, loaded on demand, reading a Blob in ranges: the worker asks for the byte ranges it
 * needs (xref, page tree, one page's objects) and only those are read from disk, so a 500 MB PDF
 * opens without being read whole (Blob.slice on an OPFS or picked-folder File is lazy).
 */
import { AppError } from '../../domain/errors';
import { readerMark } from '../readerMarks';

export type Pdfjs = typeof import('pdfjs-dist');
export type PdfViewerLib = typeof import('pdfjs-dist/web/pdf_viewer.mjs');

type PdfWorker = InstanceType<Pdfjs['PDFWorker']>;

const READER_NOT_STARTED = 'The PDF reader could not start.';
/** pdf.js's own code could not be fetched: the same cause, and the same cure, as the worker's. */
const notStarted = (cause: unknown) => new AppError('CODE_NOT_LOADED', READER_NOT_STARTED, undefined, { cause });
let core: Promise<{ pdfjs: Pdfjs; worker: PdfWorker; ready: Promise<void> }> | undefined;
let viewerLib: Promise<PdfViewerLib> | undefined;

/**
 * pdf.js's worker, started by hand rather than by pdf.js: its 1.2 MB module then loads and
 * compiles on its own thread while pdf.js's API (0.4 MB) loads on this one, instead of after it.
 * Resolves when the worker is up; rejects when its script cannot load (offline with an old
 * cache, a new deployment), where pdf.js would otherwise wait for it for ever.
 */
function startWorker(): { port: Worker; ready: Promise<void> } {
  // Through a bootstrap module, so that the worker's code is compiled from V8's code cache
  // (see pdfWorkerBoot.ts).
  const port = new Worker(new URL('./pdfWorkerBoot.ts', import.meta.url), { type: 'module', name: 'alex-pdfjs' });
  const ready = new Promise<void>((resolve, reject) => {
    const ac = new AbortController();
    // pdf.worker.mjs says {targetName: 'main', action: 'ready'} once it listens.
    port.addEventListener(
      'message',
      (e: MessageEvent<{ action?: unknown }>) => {
        if (e.data?.action !== 'ready') return;
        ac.abort();
        readerMark('pdfjs-worker-ready');
        resolve();
      },
      { signal: ac.signal },
    );
    port.addEventListener(
      'error',
      (e) => {
        ac.abort();
        port.terminate();
        reject(new AppError('CODE_NOT_LOADED', READER_NOT_STARTED, { message: e.message }));
      },
      { signal: ac.signal },
    );
  });
  return { port, ready };
}

/**
 * pdf.js and one pdf.js worker for the whole tab. Starting the worker (parsing a 1.2 MB module)
 * is the largest part of opening a PDF, so it is started once, as early as possible, and kept
 * for the next book. A load that failed (offline, a new deployment) is tried again next time.
 */
function loadPdfjsCore() {
  core ??= (async () => {
    const { port, ready } = startWorker();
    // A worker that could not start is started afresh for the next book.
    ready.catch(() => (core = undefined));
    try {
      const pdfjs = await import('pdfjs-dist').catch((e: unknown) => {
        throw notStarted(e);
      });
      (globalThis as { pdfjsLib?: Pdfjs }).pdfjsLib = pdfjs;
      readerMark('pdfjs-module');
      // PDFWorker's constructor is typed without `port`, which it takes (PDFWorkerParameters has it).
      return { pdfjs, worker: new pdfjs.PDFWorker({ port } as unknown as { port?: null }), ready };
    } catch (e) {
      port.terminate();
      throw e;
    }
  })().catch((e) => {
    core = undefined;
    throw e;
  });
  return core;
}

/**
 * pdf.js, its viewer component and the tab's worker. The document does not wait for the viewer:
 * openPdf needs only pdf.js and the worker. pdf_viewer.mjs reads pdf.js from globalThis.pdfjsLib,
 * so it is imported after pdf.js.
 */
export async function loadPdfjs() {
  viewerLib ??= loadPdfjsCore()
    .then(() => import('pdfjs-dist/web/pdf_viewer.mjs').catch((e: unknown) => Promise.reject(notStarted(e))))
    .catch((e) => {
      viewerLib = undefined;
      throw e;
    });
  const [{ pdfjs, worker }, viewer] = await Promise.all([loadPdfjsCore(), viewerLib]);
  return { pdfjs, viewer, worker };
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
export async function openPdf(blob: Blob, opts: OpenPdfOptions = {}) {
  // The file is read while pdf.js and its worker start (when they have not yet).
  const head = blob.slice(0, blob.size <= WHOLE_FILE_MAX ? blob.size : RANGE_CHUNK).arrayBuffer();
  head.catch(() => {}); // awaited below; this only keeps a failure while pdf.js loads from being "unhandled"
  const { pdfjs, worker, ready } = await loadPdfjsCore();
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
  // A worker that could not load rejects here, rather than leaving pdf.js waiting for it.
  await ready;
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

/** A document being opened before its reader is on the page. */
export interface PdfOpening {
  /** The loading task; whoever takes the opening owns it (destroy() it when done). */
  task: Promise<PDFDocumentLoadingTask>;
  /** Where password requests and read errors go from now on; any that came earlier are delivered at once. */
  listen(opts: OpenPdfOptions): void;
}

type PDFDocumentLoadingTask = Awaited<ReturnType<typeof openPdf>>;

function startOpening(blob: Blob): PdfOpening {
  let to: OpenPdfOptions | undefined;
  const early: ((o: OpenPdfOptions) => void)[] = [];
  const deliver = (f: (o: OpenPdfOptions) => void) => (to ? f(to) : early.push(f));
  const task = openPdf(blob, {
    onPassword: (retry, incorrect) => deliver((o) => o.onPassword?.(retry, incorrect)),
    onReadError: (e) => deliver((o) => o.onReadError?.(e)),
  });
  return {
    task,
    listen(opts) {
      to = opts;
      for (const f of early.splice(0)) f(opts);
    },
  };
}

const early = new WeakMap<Blob, PdfOpening>();
const taken = new WeakSet<Blob>();

/**
 * Starts opening a PDF as soon as its bytes are known, while the reader's own code and pdf.js's
 * viewer still load: the worker parses the file (and walks the page tree to the last page) in
 * that time. The reader takes it over with takePdfOpening; dropPdfOpening closes one never taken.
 */
export function openPdfEarly(blob: Blob): void {
  if (taken.has(blob) || early.has(blob)) return;
  const opening = startOpening(blob);
  opening.task.catch(() => {}); // the reader that takes it reports a failure
  early.set(blob, opening);
}

/** The opening started for `blob` by openPdfEarly, or a new one. */
export function takePdfOpening(blob: Blob): PdfOpening {
  taken.add(blob);
  const opening = early.get(blob) ?? startOpening(blob);
  early.delete(blob);
  return opening;
}

/** Closes an opening nobody took (the reader was left before it mounted). */
export function dropPdfOpening(blob: Blob): void {
  const opening = early.get(blob);
  if (!opening) return;
  early.delete(blob);
  taken.add(blob);
  void opening.task.then((t) => t.destroy(), () => {});
}
