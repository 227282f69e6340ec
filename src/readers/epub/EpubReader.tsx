import { jumpHref, showTextHit } from './epubTextJump';
import ePub from 'epubjs';
import type { Book, Contents, Rendition } from 'epubjs';
import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { Icon } from '../icons';
import { ReaderMessage, ReaderToolbar } from '../ReaderChrome';
import { loadPrefs, savePrefs } from '../prefs';
import type { FormatReaderProps } from '../types';
import { CHARS_PER_LOCATION, loadLocations, saveLocations } from './locationsCache';
import { repairSpine } from './repairSpine';
import { secureContent } from './secureContent';
import { flattenToc, currentTocEntry, type TocEntry } from './toc';
import './epub.css';

export type EpubTheme = 'light' | 'dark' | 'sepia';
interface EpubPrefs {
  fontStep: number;
  theme: EpubTheme;
  flow: 'paginated' | 'scrolled';
}
const PREFS_KEY = 'alex-reader:epub';
export const FONT_STEPS = [80, 90, 100, 110, 120, 135, 150, 175, 200] as const;
const DEFAULT_FONT_STEP = 2;

/** Colours inside the book's pages; the chrome follows through data-theme (epub.css). */
const THEME_RULES: Record<EpubTheme, { bg: string; fg: string; link: string }> = {
  light: { bg: '#ffffff', fg: '#1f1d1a', link: '#8a3b12' },
  dark: { bg: '#161514', fg: '#e6e1d9', link: '#e39a6b' },
  sepia: { bg: '#f4ecd8', fg: '#433422', link: '#8a4a12' },
};

/** On the page's body, important: a book's own `body { font-size: 12px }` must not win. */
function setFontSize(r: Rendition, step: number) {
  (r.themes as unknown as { override(name: string, value: string, priority: boolean): void }).override('font-size', `${FONT_STEPS[step]}%`, true);
}

interface Relocation {
  start: { cfi: string; href: string; index: number; displayed?: { page: number; total: number } };
  end: { cfi: string };
  atStart: boolean;
  atEnd: boolean;
}

type Status = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

/**
 * The EPUB reader: epub.js renders each section in a sandboxed iframe (no allow-scripts, so a
 * book's scripts never run), paginated or scrolled, with our chrome around it. Percentages come
 * from epub.js locations, generated once per book content and cached (locationsCache.ts).
 */
export default function EpubReader(props: FormatReaderProps) {
  const systemDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  const prefs = loadPrefs<EpubPrefs>(PREFS_KEY, { fontStep: DEFAULT_FONT_STEP, theme: systemDark ? 'dark' : 'light', flow: 'paginated' });
  const [status, setStatus] = createSignal<Status>({ kind: 'loading' });
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

  const persist = () => savePrefs<EpubPrefs>(PREFS_KEY, { fontStep: fontStep(), theme: theme(), flow: flow() });
  const ready = () => status().kind === 'ready';

  const percentOf = (cfi: string): number | null => {
    const locs = book?.locations as unknown as { length(): number; percentageFromCfi(cfi: string): number } | undefined;
    if (!locs || !locs.length()) return null;
    return Math.round(locs.percentageFromCfi(cfi) * 1000) / 10;
  };

  const onRelocated = (loc: Relocation) => {
    setLocation(loc);
    const pct = loc.atEnd ? 100 : percentOf(loc.start.cfi);
    if (pct != null) setPercent(pct);
    // Right after a jump from the contents, the entry picked is the one to show, even when
    // its heading sits lower on a page that starts in the previous entry.
    setCurrentToc(pickedToc ?? (book ? currentTocEntry(book, rendition, toc(), loc) : null));
    pickedToc = null;
    props.store.save({ epubLocation: loc.start.cfi, percent: pct, atEnd: loc.atEnd });
  };

  const applyLook = (r: Rendition) => {
    for (const [name, c] of Object.entries(THEME_RULES)) {
      r.themes.register(name, {
        'html, body': { background: `${c.bg} !important`, color: `${c.fg} !important` },
        // Horizontal swipes inside the page are ours (they turn it): the browser must neither pan
        // nor take them as its back/forward gesture.
        html: { 'overscroll-behavior': 'none', 'touch-action': 'pan-y pinch-zoom' },
        'a, a:visited': { color: `${c.link} !important` },
        // Books that set dark text on their own elements stay readable on the dark theme.
        ...(name === 'dark' ? { 'p, span, div, li, h1, h2, h3, h4, h5, h6, td, th, blockquote, pre, code, dt, dd': { color: 'inherit !important', 'background-color': 'transparent !important' } } : {}),
      });
    }
    r.themes.select(theme());
    setFontSize(r, fontStep());
  };

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
    });
    rendition = r;
    applyLook(r);
    r.hooks.content.register((contents: Contents) => secureContent(contents));
    r.on('relocated', onRelocated);
    r.on('keydown', onKey);
    r.on('click', onContentClick);
    r.on('touchstart', onTouchStart);
    r.on('touchend', onTouchEnd);
    try {
      await r.display(target);
    } catch {
      // A stale or foreign CFI (the file changed): start at the beginning rather than fail.
      if (target) await r.display();
    }
  };

  const ensureLocations = async () => {
    if (!book) return;
    const key = props.book.fileHash || `book-${props.book.id}`;
    try {
      const cached = await loadLocations(key);
      if (disposed) return;
      if (cached) book.locations.load(cached);
      else {
        await book.locations.generate(CHARS_PER_LOCATION);
        if (disposed) return;
        void saveLocations(key, book.locations.save());
      }
    } catch {
      return; // no percentage then; reading goes on
    }
    const loc = location();
    if (loc && !disposed) onRelocated(loc);
  };

  // epub.js lays pages out for its container's size; it only watches the window, not the
  // container (the contents drawer, the toolbar wrapping), so tell it.
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  const resizeObserver = new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => ready() && (rendition as unknown as { resize(): void } | undefined)?.resize(), 80);
  });

  onMount(async () => {
    resizeObserver.observe(viewerEl);
    try {
      const bytes = await props.book.file.arrayBuffer();
      if (disposed) return;
      book = ePub(bytes);
      await book.ready;
      if (disposed) return;
      repairSpine(book);
      setToc(flattenToc(book));
      await render(props.jump ? jumpHref(book, props.jump) : (props.initial?.epubLocation ?? undefined));
      if (disposed) return;
      if (props.jump && rendition) await showTextHit(rendition, props.jump).catch(() => []);
      setStatus({ kind: 'ready' });
      void ensureLocations();
    } catch (e) {
      console.warn('EPUB open failed', e);
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

  // Navigation ---------------------------------------------------------------------------------
  const nextPage = () => void rendition?.next();
  const prevPage = () => void rendition?.prev();
  const sectionIndex = () => location()?.start.index ?? 0;
  const goToSection = (dir: 1 | -1) => {
    if (!book || !rendition) return;
    const spine = book.spine as unknown as { get(i: number): { href: string; linear: boolean } | null; length: number };
    for (let i = sectionIndex() + dir; i >= 0 && spine.get(i); i += dir) {
      const s = spine.get(i)!;
      if (s.linear) return void rendition.display(s.href);
    }
  };
  const hasSection = (dir: 1 | -1) => {
    const spine = book?.spine as unknown as { get(i: number): { linear: boolean } | null } | undefined;
    if (!spine) return false;
    for (let i = sectionIndex() + dir; i >= 0 && spine.get(i); i += dir) if (spine.get(i)!.linear) return true;
    return false;
  };
  const goToToc = (entry: TocEntry) => {
    pickedToc = entry;
    void rendition?.display(entry.href);
    if (window.matchMedia('(max-width: 720px)').matches) setTocOpen(false);
  };

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
  const chooseFlow = (f: EpubPrefs['flow']) => {
    if (f === flow()) return;
    const at = location()?.start.cfi;
    setFlow(f);
    persist();
    void render(at);
  };

  // Keys, clicks and swipes --------------------------------------------------------------------
  function onKey(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      if (settingsOpen()) setSettingsOpen(false);
      else if (tocOpen()) setTocOpen(false);
      return;
    }
    if (!ready() || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (t?.closest?.('input, textarea, select, [contenteditable="true"]')) return;
    switch (e.key) {
      case 'ArrowLeft':
      case 'PageUp':
        prevPage();
        break;
      case 'ArrowRight':
      case 'PageDown':
        nextPage();
        break;
      default:
        return;
    }
    e.preventDefault();
  }
  window.addEventListener('keydown', onKey);

  /** A click on the outer quarters of a page turns it (not on links, not while selecting). */
  function onContentClick(e: MouseEvent) {
    if (flow() !== 'paginated' || e.defaultPrevented) return;
    const target = e.target as Element | null;
    if (target?.closest?.('a, button, input, select, textarea, audio, video')) return;
    const sel = (e.view as Window | null)?.getSelection?.();
    if (sel && !sel.isCollapsed) return;
    const frame = (e.view as Window | null)?.frameElement;
    if (!frame) return;
    const x = frame.getBoundingClientRect().left + e.clientX;
    const area = viewerEl.getBoundingClientRect();
    const rel = (x - area.left) / area.width;
    if (rel < 0.25) prevPage();
    else if (rel > 0.75) nextPage();
  }

  let touch: { x: number; y: number; t: number } | null = null;
  function onTouchStart(e: TouchEvent) {
    touch = e.touches.length === 1 ? { x: e.touches[0]!.screenX, y: e.touches[0]!.screenY, t: Date.now() } : null;
  }
  function onTouchEnd(e: TouchEvent) {
    if (!touch || flow() !== 'paginated') return;
    const c = e.changedTouches[0]!;
    const dx = c.screenX - touch.x;
    const dy = c.screenY - touch.y;
    touch = null;
    if (Math.abs(dx) > 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) {
      if (dx < 0) nextPage();
      else prevPage();
    }
  }

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
          aria-controls="epub-toc"
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
        <Show when={settingsOpen()}>
          <div class="epub-settings" role="dialog" aria-label="Display settings">
            <div class="setting-row">
              <span class="setting-label">Text size</span>
              <div class="tb-group">
                <button class="icon-btn" aria-label="Smaller text" disabled={fontStep() === 0} onClick={() => changeFont(-1)}>
                  <span aria-hidden="true" class="a-small">A</span>
                </button>
                <output class="font-value" aria-label="Text size">
                  {FONT_STEPS[fontStep()]} %
                </output>
                <button class="icon-btn" aria-label="Larger text" disabled={fontStep() === FONT_STEPS.length - 1} onClick={() => changeFont(1)}>
                  <span aria-hidden="true" class="a-large">A</span>
                </button>
              </div>
            </div>
            <div class="setting-row">
              <span class="setting-label">Theme</span>
              <div class="theme-choices" role="radiogroup" aria-label="Theme">
                <For each={['light', 'sepia', 'dark'] as EpubTheme[]}>
                  {(t) => (
                    <button role="radio" class={`theme-swatch theme-${t}`} aria-checked={theme() === t} onClick={() => chooseTheme(t)}>
                      {t[0]!.toUpperCase() + t.slice(1)}
                    </button>
                  )}
                </For>
              </div>
            </div>
            <div class="setting-row">
              <span class="setting-label">Layout</span>
              <div class="tb-group" role="radiogroup" aria-label="Layout">
                <button role="radio" class="text-btn" aria-checked={flow() === 'paginated'} aria-pressed={flow() === 'paginated'} onClick={() => chooseFlow('paginated')}>
                  Paginated
                </button>
                <button role="radio" class="text-btn" aria-checked={flow() === 'scrolled'} aria-pressed={flow() === 'scrolled'} onClick={() => chooseFlow('scrolled')}>
                  Scrolled
                </button>
              </div>
            </div>
          </div>
        </Show>
      </ReaderToolbar>

      <div class="reader-body">
        <Show when={tocOpen()}>
          <div class="panel-backdrop" aria-hidden="true" onClick={() => setTocOpen(false)} />
          <nav id="epub-toc" class="reader-panel" aria-label="Table of contents">
            <div class="panel-head">
              <h2>Contents</h2>
              <button class="icon-btn" aria-label="Close contents" onClick={() => setTocOpen(false)}>
                <Icon name="close" />
              </button>
            </div>
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
          </nav>
        </Show>
        <div class="epub-stage">
          <button class="page-edge page-edge-prev" aria-label="Previous page" title="Previous page (←)" disabled={!ready()} onClick={prevPage}>
            <Icon name="prev" />
          </button>
          <div class="epub-viewer" ref={viewerEl} />
          <button class="page-edge page-edge-next" aria-label="Next page" title="Next page (→)" disabled={!ready()} onClick={nextPage}>
            <Icon name="next" />
          </button>
          <Switch>
            <Match when={status().kind === 'loading'}>
              <div class="epub-overlay">
                <ReaderMessage busy message="Opening the book…" />
              </div>
            </Match>
            <Match when={status().kind === 'error' && (status() as { message: string })}>
              {(s) => (
                <div class="epub-overlay">
                  <ReaderMessage title="Can't open this EPUB" message={s().message} actions={<button onClick={() => props.onBack()}>Back</button>} />
                </div>
              )}
            </Match>
          </Switch>
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
