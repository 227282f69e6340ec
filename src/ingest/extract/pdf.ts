import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';
import { joinAuthors } from './authors';
import { IngestError } from './IngestError';
import type { ExtractOptions, Extracted } from './index';
import { isNode, loadPdfJs, type PdfJs } from './loadPdfJs';
import { readSlice } from './readSlice';
import { canMakeThumbnails, encodeThumbnail, thumbnailSize } from './thumbnail';
import { pickTitle } from './titles';

/** Up to this size the whole PDF is read in one go; above, pdf.js asks for byte ranges (metadata of a 1 GB scan reads a few hundred KB). */
const WHOLE_FILE_MAX = 8 * 1024 * 1024;
const RANGE_CHUNK = 256 * 1024;
/** "%%EOF" must be within the file's last bytes; a little slack for trailing junk some tools append. */
const EOF_WINDOW = 8 * 1024;
/** A first page that takes longer than this to draw gets no cover (the book is still added). */
const RENDER_TIMEOUT_MS = 5_000;

interface OpenPdf {
  pdfjs: PdfJs;
  doc: PDFDocumentProxy;
}

/** Opens a PDF with pdf.js, runs `use` on it, and always frees it. Bad files reject with an IngestError. */
async function withPdf<T>(file: Blob, signal: AbortSignal | undefined, use: (pdf: OpenPdf) => Promise<T>): Promise<T> {
  const tail = await readSlice(file, Math.max(0, file.size - EOF_WINDOW), file.size);
  if (!latin1(tail).includes('%%EOF')) throw new IngestError('truncated-pdf');

  const pdfjs = await loadPdfJs();
  const envOptions = isNode() ? {} : (await import('./pdfBrowserOptions')).pdfBrowserOptions;
  let readFailure: unknown = null;
  const source =
    file.size <= WHOLE_FILE_MAX
      ? { data: await readSlice(file, 0, file.size) }
      : {
          range: blobRangeTransport(pdfjs, file, await readSlice(file, 0, RANGE_CHUNK), (e) => ((readFailure = e), void task.destroy())),
          rangeChunkSize: RANGE_CHUNK,
        };

  const task: PDFDocumentLoadingTask = pdfjs.getDocument({
    ...source,
    ...envOptions,
    // Nothing from the book runs: no eval'd PostScript functions, no XFA forms, no scripting.
    isEvalSupported: false,
    enableXfa: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  const onAbort = () => void task.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let doc: PDFDocumentProxy;
    try {
      doc = await task.promise;
    } catch (e) {
      signal?.throwIfAborted();
      if (readFailure) throw readFailure;
      const name = (e as { name?: string })?.name;
      if (name === 'PasswordException') throw new IngestError('encrypted-pdf', { cause: e });
      throw new IngestError('damaged-pdf', { cause: e, detail: String((e as Error)?.message ?? e).slice(0, 200) });
    }
    return await use({ pdfjs, doc });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await task.destroy().catch(() => {});
  }
}

export async function extractPdf(file: Blob, fileName: string, opts: ExtractOptions = {}): Promise<Extracted> {
  const { signal } = opts;
  return withPdf(file, signal, async ({ pdfjs, doc }) => {
    const { info, metadata } = await doc.getMetadata().catch(() => ({ info: {} as Record<string, unknown>, metadata: null }));
    const infoDict = (info ?? {}) as Record<string, unknown>;
    const xmpTitle = metadata?.get('dc:title');
    const xmpCreators = metadata?.get('dc:creator');
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const metadataOut = {
      title: pickTitle([str(xmpTitle), str(infoDict.Title)], fileName),
      author: joinAuthors(Array.isArray(xmpCreators) && xmpCreators.length ? xmpCreators.map(String) : [str(xmpCreators) ?? str(infoDict.Author)]),
      description: null,
      pageCount: doc.numPages > 0 ? doc.numPages : null,
    };
    signal?.throwIfAborted();
    const wanted = opts.covers !== false && canMakeThumbnails();
    // Drawing page 1 is most of a real PDF's cost: a scan can leave it to the cover pass.
    if (wanted && opts.pdfCoverLater) return { fileType: 'pdf', metadata: metadataOut, cover: null, coverPending: true };
    const cover = wanted ? await renderCover(pdfjs, doc, signal) : null;
    return { fileType: 'pdf', metadata: metadataOut, cover };
  });
}

/**
 * The cover of a PDF already in the library (the cover pass): page 1 as a thumbnail, or null when
 * it cannot be drawn (a damaged file, a page that takes too long). Rejects only when cancelled.
 */
export async function drawPdfCover(file: Blob, signal?: AbortSignal): Promise<Blob | null> {
  if (!canMakeThumbnails()) return null;
  try {
    return await withPdf(file, signal, ({ pdfjs, doc }) => renderCover(pdfjs, doc, signal));
  } catch (e) {
    signal?.throwIfAborted();
    if ((e as { name?: string } | null)?.name === 'AbortError') throw e;
    return null;
  }
}

/** Page 1 drawn COVER_WIDTH wide on an OffscreenCanvas. Null on any rendering trouble: a cover is optional. */
async function renderCover(pdfjs: PdfJs, doc: PDFDocumentProxy, signal?: AbortSignal): Promise<Blob | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const page = await doc.getPage(1);
    try {
      const base = page.getViewport({ scale: 1 });
      if (!(base.width > 0 && base.height > 0)) return null;
      const size = thumbnailSize(base.width, base.height);
      const viewport = page.getViewport({ scale: size.width / base.width });
      const canvas = new OffscreenCanvas(size.width, size.height);
      const canvasContext = canvas.getContext('2d');
      if (!canvasContext) return null;
      const render = page.render({
        canvas: canvas as unknown as HTMLCanvasElement,
        canvasContext: canvasContext as unknown as CanvasRenderingContext2D,
        viewport,
        background: '#ffffff',
        // Forms and annotations are not part of how a cover looks.
        annotationMode: pdfjs.AnnotationMode.DISABLE,
      });
      const stop = () => render.cancel();
      signal?.addEventListener('abort', stop, { once: true });
      timer = setTimeout(stop, RENDER_TIMEOUT_MS);
      try {
        await render.promise;
      } finally {
        signal?.removeEventListener('abort', stop);
      }
      return await encodeThumbnail(canvas);
    } finally {
      page.cleanup();
    }
  } catch {
    signal?.throwIfAborted();
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Feeds pdf.js byte ranges of the file on demand, so a big PDF is never read whole. */
export function blobRangeTransport(pdfjs: PdfJs, file: Blob, head: Uint8Array, onError: (e: unknown) => void) {
  const transport = new pdfjs.PDFDataRangeTransport(file.size, head);
  transport.requestDataRange = (begin: number, end: number) => {
    readSlice(file, begin, end).then(
      (chunk) => transport.onDataRange(begin, chunk),
      (e) => onError(e),
    );
  };
  return transport;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}
