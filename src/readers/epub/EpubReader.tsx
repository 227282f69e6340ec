import { jumpHref, showTextHit } from './epubTextJump';
import { createEpubFind } from './epubFind';
import { EpubFindBar } from './EpubFindBar';
import type { Book, Contents, Rendition } from 'epubjs';
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { Icon } from '../icons';
import { ReaderPanel, ReaderStatusOverlay, ReaderToolbar, type LoadStatus } from '../ReaderChrome';
import { createSwipe, isNarrowScreen } from '../readerInput';
import { loadPrefs, savePrefs } from '../prefs';
import type { FormatReaderProps } from '../types';
import { epubKeyHandler, pageTurnClick } from './epubInput';
import { applyLook, DEFAULT_FONT_STEP, FONT_STEPS, setFontSize, type EpubTheme } from './epubLook';
import { linearSection, percentOf, type Relocation } from './epubPosition';
import { EpubSettings, type EpubFlow } from './EpubSettings';
import { bookLocations } from './bookLocations';
import { createJumps } from './jumps';
import { repairSpine } from './repairSpine';
import { openBook, secureContent } from './secureContent';
import { checkEpubArchive } from './checkArchive';
import { flattenToc, currentTocEntry, type TocEntry } from './toc';
import { createAnnotations } from '../annotations/createAnnotations';
import { attachEpubAnnotations, epubIsHere, redrawEpubHighlight } from '../annotations/epubHighlights';
import { epubPlacer } from '../annotations/placers';
import { AnnotationOverlays, AnnotationToolbarButtons } from '../annotations/ReaderAnnotations';
import './epub.css';

interface EpubPrefs {
  fontStep: number;
  theme: EpubTheme;
  flow: EpubFlow;
}
const PREFS_KEY = 'alex-reader:epub';

/**
 * The EPUB reader: epub.js renders each section in a sandboxed iframe (no allow-scripts, so a
 * book's scripts never run), paginated or scrolled, with our chrome around it. Percentages come
 * from epub.js locations, generated once per book content and cached (locationsCache.ts).
 */
export default function EpubReader(props: FormatReaderProps) {
  const systemDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  const prefs = loadPrefs<EpubPrefs>(PREFS_KEY, { fontStep: DEFAULT_FONT_STEP, theme: systemDark ? 'dark' : 'light', flow: 'paginated' });
  const [status, setStatus] = createSignal<LoadStatus>({ kind: 'loading' });
  const [toc, setToc] = createSignal<TocEntry[]>([]);
  const [tocOpen, setTocOpen] = createSignal(false);
  const [settingsOpen, setSettingsOpen] = createSignal(false);
  const [theme, setTheme] = createSignal<EpubTheme>(prefs.theme);
  const [fontStep, setFontStep] = createSignal(Math.min(Math.max(0, prefs.fontStep), FONT_STEPS.length - 1));
  const [flow, setFlow] = createSignal(prefs.flow);
  const [percent, setPercent] = createSignal<number | null>(null);
  const [location, setLocation] = createSignal<Relocation | null>(null);
  const [currentToc, setCurrentToc] = createSignal<TocEntry | null>(null);

  let viewerEl!: HTMLDivElement;
  let book: Book | undefined;
  let rendition: Rendition | undefined;
  let disposed = false;
  let pickedToc: TocEntry | null = null;
  let bytes: ArrayBuffer | undefined;
  const jumps = createJumps(() => rendition);
  const find = createEpubFind(() => rendition, () => disposed);

  const ann = createAnnotations(props.annotations, {
    isHere: (a) => epubIsHere(a, location()),
    hereAnchor: () => {
      const l = location();
      return l ? { cfi: l.start.cfi, page: null, quote: null, rects: null, label: currentToc()?.label ?? null } : null;
    },
    jump: (a) => {
      if (a.anchor.cfi) void jumps.go(a.anchor.cfi);
      if (isNarrowScreen()) ann.closePanel();
    },
    redraw: (a, removed) => redrawEpubHighlight(rendition, ann, a, removed),
  });

  const persist = () => savePrefs<EpubPrefs>(PREFS_KEY, { fontStep: fontStep(), theme: theme(), flow: flow() });
  const ready = () => status().kind === 'ready';

  /** Shows and saves the percentage of the reader's place. */
  const record = (loc: Relocation) => {
    const pct = loc.atEnd ? 100 : percentOf(book, loc.start.cfi);
    if (pct != null) setPercent(pct);
    props.store.save({ epubLocation: loc.start.cfi, percent: pct, atEnd: loc.atEnd });
  };

  const onRelocated = (loc: Relocation) => {
    setLocation(loc);
    // Right after a jump from the contents, the entry picked is the one to show, even when
    // its heading sits lower on a page that starts in the previous entry.
    // A relocation elsewhere while the jump is under way (a resize re-laying the old page) does not take it.
    const picked = pickedToc?.index === loc.start.index ? pickedToc : null;
    setCurrentToc(picked ?? (book ? currentTocEntry(book, rendition, toc(), loc) : null));
    if (picked || !jumps.pending()) pickedToc = null;
    record(loc);
  };

  // Navigation ---------------------------------------------------------------------------------
  const nextPage = () => void rendition?.next();
  const prevPage = () => void rendition?.prev();
  const sectionIndex = () => location()?.start.index ?? 0;
  const goToSection = (dir: 1 | -1) => {
    if (!book || !rendition) return;
    const s = linearSection(book, sectionIndex(), dir);
    if (s) void jumps.go(s.href);
  };
  const hasSection = (dir: 1 | -1) => linearSection(book, sectionIndex(), dir) != null;
  const goToToc = (entry: TocEntry) => {
    pickedToc = entry;
    void jumps.go(entry.href);
    if (isNarrowScreen()) setTocOpen(false);
  };

  // Keys, clicks and swipes --------------------------------------------------------------------
  const turns = { ready, next: nextPage, prev: prevPage };
  const onKey = epubKeyHandler(turns, { settingsOpen, setSettingsOpen, tocOpen, setTocOpen });
  window.addEventListener('keydown', onKey);
  const paginated = () => flow() === 'paginated';
  const onContentClick = pageTurnClick(() => viewerEl.getBoundingClientRect(), paginated, turns);
  const swipe = createSwipe({ coords: 'screen', minDistance: 40, enabled: paginated, onSwipe: (dir) => (dir > 0 ? nextPage() : prevPage()) });

  /** (Re)creates the rendition, e.g. when switching between paginated and scrolled. */
  const render = async (target?: string) => {
    rendition?.destroy();
    viewerEl.replaceChildren();
    const scrolled = flow() === 'scrolled';
    const r = book!.renderTo(viewerEl, {
      width: '100%',
      height: '100%',
      flow: scrolled ? 'scrolled' : 'paginated',
      manager: scrolled ? 'continuous' : 'default',
      spread: 'auto',
      minSpreadWidth: 900,
      // Never let a book's scripts run: epub.js then sandboxes each page without allow-scripts.
      allowScriptedContent: false,
      // The ResizeObserver below sees turns too (jumps.ts).
      resizeOnOrientationChange: false,
    } as Parameters<Book['renderTo']>[1]);
    rendition = r;
    applyLook(r, theme(), fontStep());
    r.hooks.content.register((contents: Contents) => secureContent(contents));
    attachEpubAnnotations(r, ann, () => currentToc()?.label ?? null);
    r.on('relocated', onRelocated);
    r.on('keydown', onKey);
    r.on('click', onContentClick);
    r.on('touchstart', swipe.onTouchStart);
    r.on('touchend', swipe.onTouchEnd);
    try {
      await r.display(target);
    } catch {
      // A stale or foreign CFI (the file changed): start at the beginning rather than fail.
      if (target) await r.display();
    }
    if (rendition === r) jumps.detachWindowResize();
  };

  const ensureLocations = async () => {
    if (!book || !bytes) return;
    if (!(await bookLocations(book, bytes, props.book.fileHash || `book-${props.book.id}`, () => disposed))) return;
    // A jump under way records its own place, with the percentage, when it lands.
    const loc = location();
    if (loc && !disposed && !jumps.pending()) record(loc);
  };

  // epub.js lays pages out for its container's size; it only watches the window, not the
  // container (the contents drawer, the toolbar wrapping), so tell it.
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  const resizeObserver = new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => ready() && jumps.resize(), 80);
  });

  onMount(async () => {
    resizeObserver.observe(viewerEl);
    void ann.load().catch((e) => console.warn('Annotations could not be loaded', e));
    try {
      await checkEpubArchive(props.book.file);
      bytes = await props.book.file.arrayBuffer();
      if (disposed) return;
      book = openBook(bytes);
      await book.ready;
      if (disposed) return;
      repairSpine(book);
      // Never holds up the book: each highlight is drawn into whichever rendition is there once placed.
      void ann.reanchor(epubPlacer(book, props.book.fileHash));
      setToc(flattenToc(book));
      await render(props.jump ? jumpHref(book, props.jump) : (props.initial?.epubLocation ?? undefined));
      if (disposed) return;
      if (props.jump && rendition) {
        const shown = await showTextHit(rendition, book, props.jump).catch(() => null);
        if (props.jump.query) void find.start(book, props.jump.query, shown).catch((e) => console.warn('EPUB search failed', e));
      }
      setStatus({ kind: 'ready' });
      props.onShown?.();
      void ensureLocations();
    } catch (e) {
      console.warn('EPUB open failed', e);
      props.onShown?.();
      if (!disposed) setStatus({ kind: 'error', message: 'This EPUB could not be opened. The file may be damaged or not an EPUB.' });
    }
  });

  onCleanup(() => {
    disposed = true;
    resizeObserver.disconnect();
    clearTimeout(resizeTimer);
    window.removeEventListener('keydown', onKey);
    try {
      rendition?.destroy();
      book?.destroy();
    } catch {
      /* half-opened book */
    }
  });

  // Look ---------------------------------------------------------------------------------------
  const chooseTheme = (t: EpubTheme) => {
    setTheme(t);
    rendition?.themes.select(t);
    persist();
  };
  const changeFont = (dir: 1 | -1) => {
    const next = Math.min(Math.max(0, fontStep() + dir), FONT_STEPS.length - 1);
    setFontStep(next);
    if (rendition) setFontSize(rendition, next);
    persist();
  };
  const chooseFlow = (f: EpubFlow) => {
    if (f === flow()) return;
    const at = location()?.start.cfi;
    setFlow(f);
    persist();
    void render(at);
  };

  const percentLabel = () => (percent() == null ? '' : `${Math.round(percent()!)} %`);
  const pageLabel = () => {
    const d = location()?.start.displayed;
    return d && flow() === 'paginated' && d.total > 1 ? `${d.page} / ${d.total} in this chapter` : '';
  };

  return (
    <div
      class="reader epub-reader"
      data-theme={theme()}
      data-flow={flow()}
      data-status={status().kind}
      data-cfi={location()?.start.cfi ?? ''}
      data-percent={percent() ?? ''}
    >
      <ReaderToolbar title={props.book.title} onBack={props.onBack}>
        <button
          class="icon-btn"
          aria-label="Contents"
          title="Table of contents"
          aria-pressed={tocOpen()}
          // Only while the drawer exists: a reference to a missing element is an invalid value.
          aria-controls={tocOpen() ? 'epub-toc' : undefined}
          disabled={!toc().length}
          onClick={() => setTocOpen(!tocOpen())}
        >
          <Icon name="toc" />
        </button>
        <div class="tb-group" role="group" aria-label="Chapters">
          <button class="icon-btn" aria-label="Previous chapter" title="Previous chapter" disabled={!ready() || !hasSection(-1)} onClick={() => goToSection(-1)}>
            <Icon name="chapterPrev" />
          </button>
          <button class="icon-btn" aria-label="Next chapter" title="Next chapter" disabled={!ready() || !hasSection(1)} onClick={() => goToSection(1)}>
            <Icon name="chapterNext" />
          </button>
        </div>
        <button class="icon-btn text-size-btn" aria-label="Display settings" title="Text size, theme and layout" aria-expanded={settingsOpen()} onClick={() => setSettingsOpen(!settingsOpen())}>
          <span aria-hidden="true">Aa</span>
        </button>
        <AnnotationToolbarButtons ann={ann} ready={ready()} />
        <Show when={settingsOpen()}>
          <EpubSettings fontStep={fontStep} theme={theme} flow={flow} changeFont={changeFont} chooseTheme={chooseTheme} chooseFlow={chooseFlow} />
        </Show>
      </ReaderToolbar>

      <Show when={find.query()}>
        <EpubFindBar find={find} />
      </Show>

      <div class="reader-body">
        <Show when={tocOpen()}>
          <ReaderPanel id="epub-toc" label="Table of contents" heading="Contents" closeLabel="Close contents" onClose={() => setTocOpen(false)}>
            <ul class="toc-list">
              <For each={toc()}>
                {(entry) => (
                  <li style={{ 'padding-left': `${entry.depth * 0.9}rem` }}>
                    <button class="toc-item" aria-current={currentToc() === entry ? 'true' : undefined} onClick={() => goToToc(entry)}>
                      {entry.label}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </ReaderPanel>
        </Show>
        <AnnotationOverlays ann={ann} />
        <div class="epub-stage">
          <button class="page-edge page-edge-prev" aria-label="Previous page" title="Previous page (←)" disabled={!ready()} onClick={prevPage}>
            <Icon name="prev" />
          </button>
          <div class="epub-viewer" ref={viewerEl} />
          <button class="page-edge page-edge-next" aria-label="Next page" title="Next page (→)" disabled={!ready()} onClick={nextPage}>
            <Icon name="next" />
          </button>
          <ReaderStatusOverlay status={status()} overlayClass="epub-overlay" errorTitle="Can't open this EPUB" onBack={props.onBack} />
        </div>
      </div>
      <footer class="epub-footer" aria-live="off">
        <span class="epub-chapter">{currentToc()?.label ?? ''}</span>
        <span class="epub-page">{pageLabel()}</span>
        <span class="epub-percent" data-testid="epub-percent">
          {percentLabel()}
        </span>
      </footer>
    </div>
  );
}
