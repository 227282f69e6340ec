import { findTerms } from '../../fulltext/textQuery';
import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import type { PDFDocumentProxy, PDFDocumentLoadingTask } from 'pdfjs-dist';
import type { EventBus, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import 'pdfjs-dist/web/pdf_viewer.css';
import { Icon } from '../icons';
import { ReaderMessage, ReaderToolbar } from '../ReaderChrome';
import { loadPrefs, savePrefs } from '../prefs';
import type { FormatReaderProps } from '../types';
import { loadPdfjs, openPdf } from './openPdf';
import { nextZoom, MAX_ZOOM, MIN_ZOOM, type ScaleValue } from './zoom';
import './pdf.css';

interface PdfPrefs {
  /** A number (1 = 100 %) or pdf.js's 'auto' | 'page-width' | 'page-fit'. */
  scale: ScaleValue;
  mode: 'continuous' | 'single';
}
const PREFS_KEY = 'alex-reader:pdf';

interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  url: string | null;
  items: OutlineNode[];
}

// pdf.js constants, repeated so this module's types do not need the lazily loaded library.
const SCROLL_VERTICAL = 0;
const SCROLL_PAGE = 3;
const FIND_NOT_FOUND = 1;
const FIND_PENDING = 3;

type Status = { kind: 'loading' } | { kind: 'ready' } | { kind: 'password'; incorrect: boolean } | { kind: 'error'; message: string };

/**
 * The PDF reader: pdf.js's PDFViewer (virtualised pages, text layer, HiDPI canvases, find
 * highlighting) driven by our own toolbar, keys and progress saving. Pages are read in ranges.
 */
export default function PdfReader(props: FormatReaderProps) {
  const prefs = loadPrefs<PdfPrefs>(PREFS_KEY, { scale: 'auto', mode: 'continuous' });
  const [status, setStatus] = createSignal<Status>({ kind: 'loading' });
  const [page, setPage] = createSignal(props.jump?.section ?? props.initial?.currentPage ?? 1);
  const [pageCount, setPageCount] = createSignal(0);
  const [pageInput, setPageInput] = createSignal(String(page()));
  const [scale, setScale] = createSignal(1);
  const [mode, setMode] = createSignal(prefs.mode);
  const [outline, setOutline] = createSignal<OutlineNode[]>([]);
  const [outlineOpen, setOutlineOpen] = createSignal(false);
  const [viewMenuOpen, setViewMenuOpen] = createSignal(false);
  const [searchOpen, setSearchOpen] = createSignal(false);
  const [query, setQuery] = createSignal('');
  const [matches, setMatches] = createSignal<{ current: number; total: number } | null>(null);
  const [findState, setFindState] = createSignal<number | null>(null);

  let container!: HTMLDivElement;
  let viewerEl!: HTMLDivElement;
  let searchInput: HTMLInputElement | undefined;
  let viewer: PDFViewer | undefined;
  let eventBus: EventBus | undefined;
  let linkService: PDFLinkService | undefined;
  let task: PDFDocumentLoadingTask | undefined;
  let doc: PDFDocumentProxy | undefined;
  let passwordRetry: ((pw: string) => void) | undefined;
  let disposed = false;

  const ready = () => status().kind === 'ready';

  const savePosition = () => {
    if (!ready() || !pageCount()) return;
    props.store.save({ currentPage: page(), totalPages: pageCount() });
  };

  const persistPrefs = (patch: Partial<PdfPrefs>) => savePrefs(PREFS_KEY, { ...loadPrefs<PdfPrefs>(PREFS_KEY, prefs), ...patch });

  onMount(async () => {
    try {
      const { pdfjs, viewer: lib } = await loadPdfjs();
      if (disposed) return;
      eventBus = new lib.EventBus();
      linkService = new lib.PDFLinkService({ eventBus, externalLinkTarget: lib.LinkTarget.BLANK, externalLinkRel: 'noopener noreferrer nofollow' });
      // Counts are reported once every page has been searched, so "n of N" is never a partial N
      // (the first match is shown at once all the same).
      const findController = new lib.PDFFindController({ eventBus, linkService, updateMatchesCountOnProgress: false });
      viewer = new lib.PDFViewer({
        container,
        viewer: viewerEl,
        eventBus,
        linkService,
        findController,
        textLayerMode: 1,
        annotationMode: pdfjs.AnnotationMode.ENABLE,
      });
      linkService.setViewer(viewer);

      eventBus.on('pagesinit', () => {
        const v = viewer!;
        v.scrollMode = mode() === 'single' ? SCROLL_PAGE : SCROLL_VERTICAL;
        v.currentScaleValue = String(prefs.scale);
        const start = Math.min(Math.max(1, props.jump?.section ?? props.initial?.currentPage ?? 1), v.pagesCount);
        if (start !== v.currentPageNumber) v.currentPageNumber = start;
        setPage(v.currentPageNumber);
        setPageInput(String(v.currentPageNumber));
        setStatus({ kind: 'ready' });
        // Opening a book counts as reading it: it joins Now Reading with its page.
        savePosition();
        container.focus({ preventScroll: true });
        if (props.jump?.query) showJump(props.jump.query);
      });
      eventBus.on('pagechanging', (e: { pageNumber: number }) => {
        setPage(e.pageNumber);
        setPageInput(String(e.pageNumber));
        savePosition();
      });
      eventBus.on('scalechanging', (e: { scale: number }) => setScale(e.scale));
      eventBus.on('updatefindmatchescount', (e: { matchesCount: { current: number; total: number } }) => setMatches(e.matchesCount));
      eventBus.on('updatefindcontrolstate', (e: { state: number; matchesCount: { current: number; total: number } }) => {
        setFindState(e.state);
        if (e.matchesCount) setMatches(e.matchesCount);
      });

      task = await openPdf(pdfjs, props.book.file, {
        onPassword: (retry, incorrect) => {
          passwordRetry = retry;
          setStatus({ kind: 'password', incorrect });
        },
        onReadError: () => {
          setStatus({ kind: 'error', message: 'The file changed or went away while it was open. Reopen the book.' });
          void task?.destroy();
        },
      });
      doc = await task.promise;
      if (disposed) return;
      setPageCount(doc.numPages);
      viewer.setDocument(doc);
      linkService.setDocument(doc, null);
      doc.getOutline().then(
        (o) => !disposed && setOutline((o ?? []) as unknown as OutlineNode[]),
        () => {},
      );
    } catch (e) {
      if (disposed) return;
      setStatus({ kind: 'error', message: loadErrorMessage(e) });
    }
  });

  onCleanup(() => {
    disposed = true;
    window.removeEventListener('keydown', onKey);
    viewer?.setDocument(null as unknown as PDFDocumentProxy);
    void task?.destroy();
  });

  // Navigation ---------------------------------------------------------------------------------
  const goTo = (n: number) => {
    if (!viewer || !pageCount()) return;
    viewer.currentPageNumber = Math.min(Math.max(1, Math.round(n)), pageCount());
  };
  const next = () => viewer?.nextPage();
  const prev = () => viewer?.previousPage();
  const commitPageInput = () => {
    const n = Number(pageInput().trim());
    if (Number.isInteger(n) && n >= 1 && n <= pageCount()) goTo(n);
    else setPageInput(String(page()));
  };

  // Zoom ---------------------------------------------------------------------------------------
  const applyScale = (value: ScaleValue) => {
    if (!viewer) return;
    viewer.currentScaleValue = String(value);
    prefs.scale = value;
    persistPrefs({ scale: value });
  };
  const zoom = (dir: 1 | -1) => applyScale(nextZoom(scale(), dir));

  const setScrollMode = (m: PdfPrefs['mode']) => {
    setMode(m);
    persistPrefs({ mode: m });
    if (viewer) {
      const at = viewer.currentPageNumber;
      viewer.scrollMode = m === 'single' ? SCROLL_PAGE : SCROLL_VERTICAL;
      viewer.currentPageNumber = at;
    }
  };

  // Search -------------------------------------------------------------------------------------
  const find = (type: '' | 'again', findPrevious = false) =>
    eventBus?.dispatch('find', {
      source: null,
      type,
      query: jumpTerms ?? query(),
      caseSensitive: false,
      entireWord: false,
      highlightAll: true,
      findPrevious,
      matchDiacritics: false,
    });
  // A search hit from the library: its words (each phrase, any of them) found from the hit's page on.
  let jumpTerms: string[] | null = null;
  const showJump = (q: string) => {
    jumpTerms = findTerms(q);
    setQuery(q);
    setSearchOpen(true);
    find('');
  };
  const openSearch = () => {
    setSearchOpen(true);
    queueMicrotask(() => {
      searchInput?.focus();
      searchInput?.select();
    });
  };
  const closeSearch = () => {
    setSearchOpen(false);
    setMatches(null);
    setFindState(null);
    eventBus?.dispatch('findbarclose', { source: null });
    container.focus({ preventScroll: true });
  };
  const matchText = () => {
    if (!query()) return '';
    // A count arrives once every page has been searched (updateMatchesCountOnProgress: false).
    const m = matches();
    if (m) return m.total > 0 ? `${Math.max(m.current, 1)} of ${m.total}` : 'No matches';
    if (findState() === FIND_NOT_FOUND) return 'No matches';
    if (findState() === FIND_PENDING) return 'Searching…';
    return '';
  };

  // Keys and gestures ---------------------------------------------------------------------------
  const onKey = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      openSearch();
      return;
    }
    if (e.key === 'Escape') {
      if (searchOpen()) closeSearch();
      else if (viewMenuOpen()) setViewMenuOpen(false);
      else if (outlineOpen() && window.matchMedia('(max-width: 720px)').matches) setOutlineOpen(false);
      return;
    }
    if (!ready() || mod || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (t?.closest('input, textarea, select, [contenteditable="true"]')) return;
    switch (e.key) {
      case 'ArrowLeft':
      case 'PageUp':
        prev();
        break;
      case 'ArrowRight':
      case 'PageDown':
        next();
        break;
      case 'ArrowUp':
        container.scrollBy({ top: -60 });
        break;
      case 'ArrowDown':
        container.scrollBy({ top: 60 });
        break;
      case 'Home':
        goTo(1);
        break;
      case 'End':
        goTo(pageCount());
        break;
      case '+':
      case '=':
        zoom(1);
        break;
      case '-':
      case '_':
        zoom(-1);
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  window.addEventListener('keydown', onKey);

  // Ctrl+wheel (and trackpad pinch, which Chromium reports as ctrl+wheel) zooms the document, not the app.
  const onWheel = (e: WheelEvent) => {
    if (!e.ctrlKey || !viewer) return;
    e.preventDefault();
    const factor = Math.exp(-e.deltaY / 300);
    const s = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale() * factor));
    viewer.currentScale = s;
    prefs.scale = Math.round(s * 100) / 100;
    persistPrefs({ scale: prefs.scale });
  };

  // In single-page mode a horizontal swipe turns the page (when the page is not zoomed wider than the screen).
  let touchStart: { x: number; y: number; t: number } | null = null;
  const onTouchStart = (e: TouchEvent) => {
    touchStart = e.touches.length === 1 ? { x: e.touches[0]!.clientX, y: e.touches[0]!.clientY, t: Date.now() } : null;
  };
  const onTouchEnd = (e: TouchEvent) => {
    if (!touchStart || mode() !== 'single' || container.scrollWidth > container.clientWidth + 2) return;
    const tch = e.changedTouches[0]!;
    const dx = tch.clientX - touchStart.x;
    const dy = tch.clientY - touchStart.y;
    if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy) && Date.now() - touchStart.t < 800) (dx < 0 ? next : prev)();
    touchStart = null;
  };

  const goToOutline = (item: OutlineNode) => {
    if (item.dest) void linkService?.goToDestination(item.dest as string);
    else if (item.url && /^https?:/i.test(item.url)) window.open(item.url, '_blank', 'noopener,noreferrer');
    if (window.matchMedia('(max-width: 720px)').matches) setOutlineOpen(false);
  };

  const zoomLabel = () => `${Math.round(scale() * 100)} %`;

  return (
    <div class="reader pdf-reader" data-page={page()} data-pages={pageCount()} data-scale={scale().toFixed(3)} data-status={status().kind}>
      <ReaderToolbar title={props.book.title} onBack={props.onBack}>
        <Show when={outline().length > 0}>
          <button
            class="icon-btn"
            aria-label="Outline"
            title="Outline"
            aria-pressed={outlineOpen()}
            aria-controls="pdf-outline"
            onClick={() => setOutlineOpen(!outlineOpen())}
          >
            <Icon name="outline" />
          </button>
        </Show>
        <div class="tb-group tb-pages" role="group" aria-label="Pages">
          <button class="icon-btn" aria-label="Previous page" title="Previous page (←)" disabled={!ready() || page() <= 1} onClick={prev}>
            <Icon name="prev" />
          </button>
          <label class="page-field">
            <span class="visually-hidden">Page number</span>
            <span aria-hidden="true" class="page-word">
              Page
            </span>
            <input
              type="text"
              inputmode="numeric"
              aria-label="Page number"
              value={pageInput()}
              style={{ width: `calc(${Math.max(2, String(pageCount()).length)}ch + 1.2em)` }}
              disabled={!ready()}
              onInput={(e) => setPageInput(e.currentTarget.value)}
              onChange={commitPageInput}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  commitPageInput();
                  container.focus({ preventScroll: true });
                } else if (e.key === 'Escape') setPageInput(String(page()));
              }}
              onFocus={(e) => e.currentTarget.select()}
            />
            <span class="page-of">of {pageCount() || '…'}</span>
          </label>
          <button class="icon-btn" aria-label="Next page" title="Next page (→)" disabled={!ready() || page() >= pageCount()} onClick={next}>
            <Icon name="next" />
          </button>
        </div>
        <div class="tb-group tb-zoom" role="group" aria-label="Zoom">
          <button class="icon-btn" aria-label="Zoom out" title="Zoom out (−)" disabled={!ready() || scale() <= MIN_ZOOM + 0.001} onClick={() => zoom(-1)}>
            <Icon name="minus" />
          </button>
          <output class="zoom-value" aria-label="Zoom level" aria-live="polite">
            {zoomLabel()}
          </output>
          <button class="icon-btn" aria-label="Zoom in" title="Zoom in (+)" disabled={!ready() || scale() >= MAX_ZOOM - 0.001} onClick={() => zoom(1)}>
            <Icon name="plus" />
          </button>
        </div>
        <button
          class="icon-btn view-toggle"
          aria-label="View options"
          title="View options"
          aria-expanded={viewMenuOpen()}
          onClick={() => setViewMenuOpen(!viewMenuOpen())}
        >
          <Icon name="sliders" />
        </button>
        <div class="tb-group tb-view" role="group" aria-label="View" data-open={viewMenuOpen()}>
          <button class="text-btn" disabled={!ready()} onClick={() => { applyScale('page-width'); setViewMenuOpen(false); }}>
            <Icon name="fitWidth" />
            Fit width
          </button>
          <button class="text-btn" disabled={!ready()} onClick={() => { applyScale('page-fit'); setViewMenuOpen(false); }}>
            <Icon name="fitPage" />
            Fit page
          </button>
          <span class="tb-sep" aria-hidden="true" />
          <button class="text-btn" aria-pressed={mode() === 'single'} onClick={() => { setScrollMode('single'); setViewMenuOpen(false); }}>
            <Icon name="single" />
            Single page
          </button>
          <button class="text-btn" aria-pressed={mode() === 'continuous'} onClick={() => { setScrollMode('continuous'); setViewMenuOpen(false); }}>
            <Icon name="scroll" />
            Continuous
          </button>
        </div>
        <button class="icon-btn" aria-label="Search" title="Search (Ctrl+F)" aria-expanded={searchOpen()} onClick={() => (searchOpen() ? closeSearch() : openSearch())}>
          <Icon name="search" />
        </button>
      </ReaderToolbar>

      <Show when={searchOpen()}>
        <div class="reader-searchbar" role="search">
          <input
            ref={searchInput}
            type="search"
            aria-label="Search in document"
            placeholder="Search in document"
            value={query()}
            onInput={(e) => {
              jumpTerms = null;
              setQuery(e.currentTarget.value);
              setMatches(null);
              setFindState(e.currentTarget.value ? FIND_PENDING : null);
              find('');
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                if (query()) find('again', e.shiftKey);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                closeSearch();
              }
            }}
          />
          <output class="match-count" aria-live="polite" data-testid="match-count">
            {matchText()}
          </output>
          <button class="icon-btn" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={!matches()?.total} onClick={() => find('again', true)}>
            <Icon name="up" />
          </button>
          <button class="icon-btn" aria-label="Next match" title="Next match (Enter)" disabled={!matches()?.total} onClick={() => find('again')}>
            <Icon name="down" />
          </button>
          <button class="icon-btn" aria-label="Close search" title="Close (Esc)" onClick={closeSearch}>
            <Icon name="close" />
          </button>
        </div>
      </Show>

      <div class="reader-body">
        <Show when={outlineOpen() && outline().length > 0}>
          <div class="panel-backdrop" aria-hidden="true" onClick={() => setOutlineOpen(false)} />
          <nav id="pdf-outline" class="reader-panel" aria-label="Outline">
            <div class="panel-head">
              <h2>Outline</h2>
              <button class="icon-btn" aria-label="Close outline" onClick={() => setOutlineOpen(false)}>
                <Icon name="close" />
              </button>
            </div>
            <OutlineList items={outline()} onPick={goToOutline} />
          </nav>
        </Show>
        <div class="pdf-stage">
          <div
            class="pdf-container"
            ref={container}
            tabindex="0"
            aria-label="Document"
            onWheel={onWheel}
            onTouchStart={onTouchStart}
            onTouchEnd={onTouchEnd}
          >
            <div class="pdfViewer" ref={viewerEl} />
          </div>
          <Switch>
            <Match when={status().kind === 'loading'}>
              <div class="pdf-overlay">
                <ReaderMessage busy message="Opening the book…" />
              </div>
            </Match>
            <Match when={status().kind === 'password' && (status() as { incorrect: boolean })}>
              {(s) => <PasswordForm incorrect={s().incorrect} onSubmit={(pw) => { setStatus({ kind: 'loading' }); passwordRetry?.(pw); }} onBack={props.onBack} />}
            </Match>
            <Match when={status().kind === 'error' && (status() as { message: string })}>
              {(s) => (
                <div class="pdf-overlay">
                  <ReaderMessage title="Can't open this PDF" message={s().message} actions={<button onClick={() => props.onBack()}>Back</button>} />
                </div>
              )}
            </Match>
          </Switch>
        </div>
      </div>
    </div>
  );
}

function OutlineList(props: { items: OutlineNode[]; onPick: (item: OutlineNode) => void }) {
  return (
    <ul class="toc-list">
      <For each={props.items}>
        {(item) => (
          <li>
            <button class="toc-item" onClick={() => props.onPick(item)} title={item.title}>
              {item.title}
            </button>
            <Show when={item.items?.length}>
              <OutlineList items={item.items} onPick={props.onPick} />
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
}

function PasswordForm(props: { incorrect: boolean; onSubmit: (pw: string) => void; onBack: () => void }) {
  let input!: HTMLInputElement;
  onMount(() => input.focus());
  return (
    <div class="pdf-overlay">
      <form
        class="reader-message"
        role="alert"
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit(input.value);
        }}
      >
        <h2>This PDF is password-protected</h2>
        <p>{props.incorrect ? 'That password is not right. Try again.' : 'Enter its password to open it.'}</p>
        <label class="password-field">
          Password
          <input ref={input} type="password" autocomplete="off" required />
        </label>
        <div class="reader-message-actions">
          <button class="primary" type="submit">
            Open
          </button>
          <button type="button" onClick={() => props.onBack()}>
            Back
          </button>
        </div>
      </form>
    </div>
  );
}

function loadErrorMessage(e: unknown): string {
  const name = (e as { name?: string })?.name;
  if (name === 'PasswordException') return 'This PDF is password-protected';
  if (name === 'InvalidPDFException') return 'This file is not a readable PDF (it may be damaged or not a PDF at all).';
  if (name === 'MissingPDFException') return 'This file is no longer in your folder — reconnect or rescan';
  return 'This PDF could not be opened.';
}
