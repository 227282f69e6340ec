import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import type { PDFDocumentProxy, PDFDocumentLoadingTask } from 'pdfjs-dist';
import 'pdfjs-dist/web/pdf_viewer.css';
import { isAppError } from '../../domain/errors';
import { Icon } from '../icons';
import { ReaderPanel, ReaderStatusOverlay, ReaderToolbar, type LoadStatus } from '../ReaderChrome';
import { createSwipe, isNarrowScreen } from '../readerInput';
import { loadPrefs, savePrefs } from '../prefs';
import type { FormatReaderProps } from '../types';
import { loadPdfjs, takePdfOpening } from './openPdf';
import { readerMark } from '../readerMarks';
import type { PdfControls } from './pdfControls';
import { pdfKeyHandler } from './pdfKeys';
import { OutlineList, type OutlineNode } from './PdfOutline';
import { PdfPasswordForm } from './PdfPasswordForm';
import { createPdfSearch } from './pdfSearch';
import { PdfSearchBar } from './PdfSearchBar';
import { PdfPageControls, PdfViewControls, PdfZoomControls } from './PdfToolbarControls';
import { createPdfView, loadErrorMessage, scrollModeOf, type PdfMode, type PdfView } from './pdfViewer';
import { showPagePreview, type PagePreview } from './pagePreview';
import { nextZoom, MAX_ZOOM, MIN_ZOOM, type ScaleValue } from './zoom';
import { createAnnotations } from '../annotations/createAnnotations';
import { attachPdfAnnotations } from '../annotations/pdfHighlights';
import { pdfPlacer } from '../annotations/placers';
import { AnnotationOverlays, AnnotationToolbarButtons } from '../annotations/ReaderAnnotations';
import './pdf.css';

interface PdfPrefs {
  /** A number (1 = 100 %) or pdf.js's 'auto' | 'page-width' | 'page-fit'. */
  scale: ScaleValue;
  mode: PdfMode;
}
const PREFS_KEY = 'alex-reader:pdf';
/** How long the viewer waits for page 1's preview before building its own pages anyway. */
const PREVIEW_WAIT_MS = 1500;
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Status = LoadStatus | { kind: 'password'; incorrect: boolean };

/**
 * The PDF reader: pdf.js's PDFViewer (virtualised pages, text layer, HiDPI canvases, find
 * highlighting) driven by our own toolbar, keys and progress saving. Pages are read in ranges.
 */
export default function PdfReader(props: FormatReaderProps) {
  const prefs = loadPrefs<PdfPrefs>(PREFS_KEY, { scale: 'auto', mode: 'continuous' });
  const [status, setStatus] = createSignal<Status>({ kind: 'loading' });
  const [page, setPage] = createSignal(props.jump?.sections[0] ?? props.initial?.currentPage ?? 1);
  const [pageCount, setPageCount] = createSignal(0);
  const [pageInput, setPageInput] = createSignal(String(page()));
  const [scale, setScale] = createSignal(1);
  const [mode, setMode] = createSignal(prefs.mode);
  const [outline, setOutline] = createSignal<OutlineNode[]>([]);
  const [outlineOpen, setOutlineOpen] = createSignal(false);
  const [viewMenuOpen, setViewMenuOpen] = createSignal(false);
  // A page's canvas fully drawn (pdf.js shows it before that, while it draws): data-rendered.
  const [rendered, setRendered] = createSignal(false);

  let container!: HTMLDivElement;
  let viewerEl!: HTMLDivElement;
  let view: PdfView | undefined;
  let task: PDFDocumentLoadingTask | undefined;
  let doc: PDFDocumentProxy | undefined;
  let passwordRetry: ((pw: string) => void) | undefined;
  let disposed = false;
  // The first page drawn on its own canvas while the viewer lays out its pages (see pagePreview.ts).
  let preview: PagePreview | undefined;
  let previewPage = 0;
  const [previewShown, setPreviewShown] = createSignal(false);
  const dropPreview = () => {
    preview?.remove();
    preview = undefined;
    setPreviewShown(false);
  };
  const alignPreview = (n: number) => {
    const el = viewerEl.querySelector<HTMLElement>(`.page[data-page-number="${n}"]`);
    if (el) preview?.align(el);
  };

  const ready = () => status().kind === 'ready';
  const viewerPaddingTop = () => parseFloat(getComputedStyle(viewerEl).paddingTop) || 0;
  const focusDocument = () => container.focus({ preventScroll: true });
  const search = createPdfSearch(() => view?.eventBus, focusDocument);

  const savePosition = () => {
    if (!ready() || !pageCount()) return;
    props.store.save({ currentPage: page(), totalPages: pageCount() });
  };

  const ann = createAnnotations(props.annotations, {
    isHere: (a) => a.kind === 'bookmark' && a.anchor.page === page(),
    hereAnchor: () => (ready() ? { cfi: null, page: page(), quote: null, rects: null, label: `Page ${page()}` } : null),
    jump: (a) => {
      if (a.anchor.page != null) goTo(a.anchor.page);
      if (isNarrowScreen()) ann.closePanel();
    },
  });
  const annLayer = attachPdfAnnotations(() => view, () => container, ann);

  const persistPrefs = (patch: Partial<PdfPrefs>) => savePrefs(PREFS_KEY, { ...loadPrefs<PdfPrefs>(PREFS_KEY, prefs), ...patch });

  onMount(async () => {
    readerMark('pdf-reader-mount');
    // The document may already be opening (ReaderPage starts it with the book's bytes).
    const opening = takePdfOpening(props.book.file);
    opening.task.then(
      (t) => (disposed ? void t.destroy() : (task = t)),
      () => {},
    );
    try {
      const { pdfjs, viewer: lib } = await loadPdfjs();
      readerMark('pdfjs-ready');
      if (disposed) return;
      view = createPdfView(pdfjs, lib, container, viewerEl);
      const { viewer, eventBus, linkService } = view;
      annLayer?.listen();
      void ann.load().catch((e) => console.warn('Annotations could not be loaded', e));

      eventBus.on('pagesinit', () => {
        readerMark('pagesinit');
        viewer.scrollMode = scrollModeOf(mode());
        viewer.currentScaleValue = String(prefs.scale);
        const start = Math.min(Math.max(1, props.jump?.sections[0] ?? props.initial?.currentPage ?? 1), viewer.pagesCount);
        if (start !== viewer.currentPageNumber) viewer.currentPageNumber = start;
        setPage(viewer.currentPageNumber);
        setPageInput(String(viewer.currentPageNumber));
        setStatus({ kind: 'ready' });
        if (viewer.currentPageNumber === previewPage) alignPreview(previewPage);
        else dropPreview();
        // Opening a book counts as reading it: it joins Now Reading with its page.
        savePosition();
        focusDocument();
        if (props.jump?.query) search.showHit(props.jump.query);
      });
      eventBus.on('pagechanging', (e: { pageNumber: number }) => {
        if (e.pageNumber !== previewPage) dropPreview();
        setPage(e.pageNumber);
        setPageInput(String(e.pageNumber));
        savePosition();
      });
      eventBus.on('pagerendered', (e: { pageNumber: number }) => {
        readerMark(`page-rendered-${e.pageNumber}`);
        // The viewer's own canvas of the page is complete: the preview under it can go.
        if (e.pageNumber === previewPage) dropPreview();
        setRendered(true);
        props.onShown?.();
      });
      eventBus.on('textlayerrendered', (e: { pageNumber: number }) => readerMark(`text-layer-${e.pageNumber}`));
      eventBus.on('scalechanging', (e: { scale: number }) => {
        setScale(e.scale);
        if (preview && viewer.pagesCount) requestAnimationFrame(() => alignPreview(previewPage));
      });
      eventBus.on('scrollmodechanged', dropPreview);
      eventBus.on('rotationchanging', dropPreview);
      search.listen(eventBus);

      opening.listen({
        onPassword: (retry, incorrect) => {
          props.onShown?.();
          passwordRetry = retry;
          setStatus({ kind: 'password', incorrect });
        },
        onReadError: () => {
          props.onShown?.();
          setStatus({ kind: 'error', message: 'The file changed or went away while it was open. Reopen the book.' });
          void task?.destroy();
        },
      });
      task = await opening.task;
      readerMark('get-document');
      doc = await task.promise;
      readerMark('document-open');
      if (disposed) return;
      void ann.reanchor(pdfPlacer(doc, props.book.fileHash));
      setPageCount(doc.numPages);
      previewPage = Math.min(Math.max(1, page()), doc.numPages);
      preview = showPagePreview(doc, previewPage, container, { scale: prefs.scale, continuous: mode() === 'continuous', top: viewerPaddingTop() });
      const shownPreview = preview;
      // The preview is only a head start: if page 1 is slow to draw (a heavy page, a busy machine),
      // the viewer goes on without it rather than holding the whole reader back.
      const shown = await Promise.race([shownPreview.shown, delay(PREVIEW_WAIT_MS).then(() => false)]);
      if (disposed) return;
      if (shown && preview === shownPreview) {
        readerMark('preview-shown');
        setPreviewShown(true);
        setRendered(true);
        // Let a frame with the preview reach the screen before the viewer's long task of building
        // its page views (measured: the preview otherwise showed only after it, 1–2 s later under load).
        // A hidden tab gets no frames: the timer lets it go on.
        await Promise.race([new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))), delay(100)]);
        if (disposed) return;
      }
      // Only now does the viewer build its page views and draw its own page 1 (from the operator
      // list and fonts the preview left): side by side, the two drawings of the same page shared
      // the main thread and the viewer's often finished first, so the preview showed nothing sooner.
      viewer.setDocument(doc);
      readerMark('set-document');
      linkService.setDocument(doc, null);
      doc.getOutline().then(
        (o) => !disposed && setOutline((o ?? []) as unknown as OutlineNode[]),
        () => {},
      );
    } catch (e) {
      dropPreview();
      if (disposed) return;
      props.onShown?.();
      setStatus({ kind: 'error', message: loadErrorMessage(e), retry: isAppError(e, 'CODE_NOT_LOADED') });
    }
  });

  onCleanup(() => {
    disposed = true;
    dropPreview();
    window.removeEventListener('keydown', onKey);
    view?.viewer.setDocument(null as unknown as PDFDocumentProxy);
    void task?.destroy();
  });

  const goTo = (n: number) => {
    if (!view || !pageCount()) return;
    view.viewer.currentPageNumber = Math.min(Math.max(1, Math.round(n)), pageCount());
  };
  const applyScale = (value: ScaleValue) => {
    if (!view) return;
    view.viewer.currentScaleValue = String(value);
    prefs.scale = value;
    persistPrefs({ scale: value });
  };
  const controls: PdfControls = {
    ready,
    page,
    pageCount,
    pageInput,
    setPageInput,
    scale,
    mode,
    goTo,
    next: () => view?.viewer.nextPage(),
    prev: () => view?.viewer.previousPage(),
    commitPageInput: () => {
      const n = Number(pageInput().trim());
      if (Number.isInteger(n) && n >= 1 && n <= pageCount()) goTo(n);
      else setPageInput(String(page()));
    },
    applyScale,
    zoom: (dir) => applyScale(nextZoom(scale(), dir)),
    setScrollMode: (m) => {
      setMode(m);
      persistPrefs({ mode: m });
      if (view) {
        const at = view.viewer.currentPageNumber;
        view.viewer.scrollMode = scrollModeOf(m);
        view.viewer.currentPageNumber = at;
      }
    },
    focusDocument,
    scrollBy: (top) => container.scrollBy({ top }),
  };

  const onKey = pdfKeyHandler(controls, search, { viewMenuOpen, setViewMenuOpen, outlineOpen, setOutlineOpen });
  window.addEventListener('keydown', onKey);

  // Ctrl+wheel (and trackpad pinch, which Chromium reports as ctrl+wheel) zooms the document, not the app.
  const onWheel = (e: WheelEvent) => {
    if (!e.ctrlKey || !view) return;
    e.preventDefault();
    const factor = Math.exp(-e.deltaY / 300);
    const s = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale() * factor));
    view.viewer.currentScale = s;
    prefs.scale = Math.round(s * 100) / 100;
    persistPrefs({ scale: prefs.scale });
  };

  // In single-page mode a horizontal swipe turns the page (when the page is not zoomed wider than the screen).
  const swipe = createSwipe({
    coords: 'client',
    minDistance: 50,
    maxDuration: 800,
    enabled: () => mode() === 'single' && container.scrollWidth <= container.clientWidth + 2,
    onSwipe: (dir) => (dir > 0 ? controls.next : controls.prev)(),
  });

  const goToOutline = (item: OutlineNode) => {
    if (item.dest) void view?.linkService.goToDestination(item.dest as string);
    else if (item.url && /^https?:/i.test(item.url)) window.open(item.url, '_blank', 'noopener,noreferrer');
    if (isNarrowScreen()) setOutlineOpen(false);
  };

  return (
    <div class="reader pdf-reader" data-page={page()} data-pages={pageCount()} data-scale={scale().toFixed(3)} data-status={status().kind} data-rendered={rendered() ? 'true' : undefined}>
      <ReaderToolbar title={props.book.title} onBack={props.onBack}>
        <Show when={outline().length > 0}>
          <button
            class="icon-btn"
            aria-label="Outline"
            title="Outline"
            aria-pressed={outlineOpen()}
            aria-controls={outlineOpen() ? 'pdf-outline' : undefined}
            onClick={() => setOutlineOpen(!outlineOpen())}
          >
            <Icon name="outline" />
          </button>
        </Show>
        <PdfPageControls c={controls} />
        <PdfZoomControls c={controls} />
        <PdfViewControls c={controls} open={viewMenuOpen} setOpen={setViewMenuOpen} />
        <button
          class="icon-btn"
          aria-label="Search"
          title="Search (Ctrl+F)"
          aria-expanded={search.open()}
          onClick={() => (search.open() ? search.closeSearch() : search.openSearch())}
        >
          <Icon name="search" />
        </button>
        <AnnotationToolbarButtons ann={ann} ready={ready()} />
      </ReaderToolbar>

      <Show when={search.open()}>
        <PdfSearchBar search={search} />
      </Show>

      <div class="reader-body">
        <Show when={outlineOpen() && outline().length > 0}>
          <ReaderPanel id="pdf-outline" label="Outline" heading="Outline" closeLabel="Close outline" onClose={() => setOutlineOpen(false)}>
            <OutlineList items={outline()} onPick={goToOutline} />
          </ReaderPanel>
        </Show>
        <AnnotationOverlays ann={ann} />
        <div class="pdf-stage">
          <div
            class="pdf-container"
            ref={container}
            tabindex="0"
            aria-label="Document"
            onWheel={onWheel}
            onTouchStart={swipe.onTouchStart}
            onTouchEnd={swipe.onTouchEnd}
          >
            <div class="pdfViewer" ref={viewerEl} />
          </div>
          <ReaderStatusOverlay status={previewShown() && status().kind === 'loading' ? { kind: 'ready' } : status()} overlayClass="pdf-overlay" errorTitle="Can't open this PDF" onBack={props.onBack} />
          <Show when={status().kind === 'password' && (status() as { incorrect: boolean })}>
            {(s) => (
              <PdfPasswordForm
                incorrect={s().incorrect}
                onSubmit={(pw) => {
                  setStatus({ kind: 'loading' });
                  passwordRetry?.(pw);
                }}
                onBack={props.onBack}
              />
            )}
          </Show>
        </div>
      </div>
    </div>
  );
}
