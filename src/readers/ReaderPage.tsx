import { useNavigate } from '@solidjs/router';
import { createSignal, Match, onCleanup, onMount, Show, Suspense, Switch } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { AppError, isOutOfSpace } from '../domain/errors';
import { holdBookOpening } from '../lib/bookOpening';
import { canGoBackInApp } from './backNavigation';
import { ReaderMessage, ReaderToolbar } from './ReaderChrome';
import { readerMark } from './readerMarks';
import type { AnnotationStore, BookLoader, FileAccess, OpenedBook, ProgressStore, SavedPosition, SaveState, TextJump } from './types';
import { lazyPart } from '../ui/lazyPart';
import { NOT_LOADED_TITLE, NotLoadedActions, notLoadedReason } from '../ui/NotLoaded';
import './reader.css';

// A reader whose code cannot be fetched says so under the toolbar, in place of the book.
function ReaderNotLoaded(props: { book: OpenedBook; onBack: () => void }) {
  return (
    <div class="reader">
      <ReaderToolbar title={props.book.title} onBack={props.onBack} />
      <ReaderMessage title={NOT_LOADED_TITLE} message={notLoadedReason()}>
        <NotLoadedActions onBack={props.onBack} />
      </ReaderMessage>
    </div>
  );
}
const PdfReader = lazyPart(() => import('./pdf/PdfReader'), ReaderNotLoaded);
const EpubReader = lazyPart(() => import('./epub/EpubReader'), ReaderNotLoaded);

export interface ReaderPageProps {
  /** Resolves the book's record and bytes (throws AppError with a message to show). */
  load: BookLoader;
  /** Where this reader keeps its place. */
  store: ProgressStore;
  /** Where the user's highlights and bookmarks are kept; absent on the public share page. */
  annotations?: AnnotationStore;
  /** "Back" goes here when the previous history entry is not part of the app. */
  backHref: string;
  /** Shown in the toolbar while the book loads. */
  placeholderTitle?: string;
  /** The store's write state, when it reports one: a failed save is shown (quietly). */
  saveState?: SaveState;
  /** Why the last save failed, when known (out of space gets its own words). */
  saveError?: unknown;
  /** How to regain access to the book's bytes, where that can be lost. */
  fileAccess?: FileAccess;
  /** Open at a full-text search hit (from the library's "In the text"). */
  jump?: TextJump | null;
}

type State =
  | { kind: 'loading' }
  | { kind: 'error'; error: unknown }
  | { kind: 'ready'; book: OpenedBook; initial: SavedPosition | null };

/**
 * The full-screen reader for one book, whatever its format and wherever it lives. Mounted by
 * /read/:bookId (database progress) and by the public share page (localStorage progress); see
 * src/readers/README.md. Flushes pending progress when the page is hidden or left.
 */
export function ReaderPage(props: ReaderPageProps) {
  const navigate = useNavigate();
  const [state, setState] = createSignal<State>({ kind: 'loading' });
  const back = () => (canGoBackInApp() ? window.history.back() : navigate(props.backHref));

  // The PDF whose opening was started here, closed on leaving if its reader never took it.
  let opened: Blob | undefined;
  // Background work (the text index) waits from here to the first page on screen.
  let releaseOpening = () => {};
  const shown = () => releaseOpening();
  const open = async () => {
    setState({ kind: 'loading' });
    releaseOpening();
    releaseOpening = holdBookOpening();
    try {
      readerMark('reader-page-open');
      const [book, initial] = await Promise.all([
        props.load().then((b) => (readerMark('book-loaded'), b)),
        props.store.load().then(
          (p) => (readerMark('position-loaded'), p),
          () => null,
        ),
      ]);
      // Start opening the document (pdf.js, its worker, the file) while the reader's own code loads.
      if (book.fileType === 'pdf') {
        opened = book.file;
        void import('./pdf/openPdf').then((m) => m.openPdfEarly(book.file)).catch(() => {});
      }
      setState({ kind: 'ready', book, initial });
    } catch (error) {
      releaseOpening();
      setState({ kind: 'error', error });
    }
  };

  const previousTitle = document.title;
  const flush = () => void props.store.flush();
  const onVisibility = () => document.visibilityState === 'hidden' && flush();
  // A horizontal swipe turns pages here: it must not become the browser's back/forward gesture.
  const root = document.documentElement;
  const previousOverscroll = root.style.overscrollBehavior;
  onMount(() => {
    root.style.overscrollBehavior = 'none';
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    void open();
  });
  onCleanup(() => {
    releaseOpening();
    const blob = opened;
    if (blob) void import('./pdf/openPdf').then((m) => m.dropPdfOpening(blob));
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onVisibility);
    flush();
    document.title = previousTitle;
    root.style.overscrollBehavior = previousOverscroll;
  });

  const title = () => {
    const s = state();
    return s.kind === 'ready' ? s.book.title : (props.placeholderTitle ?? '');
  };
  const setTitle = (t: string) => t && (document.title = `${t} · Alex`);

  const loading = () => (
    <div class="reader">
      <ReaderToolbar title={title()} onBack={back} />
      <ReaderMessage busy message="Opening the book…" />
    </div>
  );

  return (
    <div class="reader-page" data-save-state={props.saveState ?? 'idle'}>
      <Show when={props.saveState === 'error'}>
        <div class="save-error" role="status">
          {isOutOfSpace(props.saveError)
            ? 'Not enough storage space to save your place in this book. Reading goes on; free up space on this device and it is saved on the next page turn.'
            : 'Your place in this book could not be saved. Reading goes on; it is saved again on the next page turn.'}
        </div>
      </Show>
      <Switch>
        <Match when={state().kind === 'error' && (state() as { error: unknown }).error}>
          {(error) => (
            <div class="reader">
              <ReaderToolbar title={title()} onBack={back} />
              <OpenError error={error()} fileAccess={props.fileAccess} onBack={back} onRetry={open} />
            </div>
          )}
        </Match>
        <Match when={state().kind === 'ready' && (state() as Extract<State, { kind: 'ready' }>)}>
          {(ready) => {
            setTitle(ready().book.title);
            return (
              <Suspense fallback={loading()}>
                <Dynamic
                  component={ready().book.fileType === 'pdf' ? PdfReader : EpubReader}
                  book={ready().book}
                  store={props.store}
                  annotations={props.annotations}
                  initial={ready().initial}
                  onBack={back}
                  jump={props.jump}
                  onShown={shown}
                />
              </Suspense>
            );
          }}
        </Match>
        <Match when={true}>{loading()}</Match>
      </Switch>
    </div>
  );
}

function OpenError(props: { error: unknown; fileAccess?: FileAccess; onBack: () => void; onRetry: () => void }) {
  const e = props.error;
  const own = props.fileAccess?.explain?.(e, props.onRetry, props.onBack);
  if (own) return own;
  const needsFolder = props.fileAccess?.needsAccess(e) ?? false;
  const message = e instanceof AppError ? e.message : 'This book could not be opened.';
  const reconnect = async () => {
    if (await props.fileAccess?.requestAccess()) props.onRetry();
  };
  return (
    <ReaderMessage
      title={needsFolder ? 'Reconnect your books folder' : "Can't open this book"}
      message={message}
      actions={
        <>
          {needsFolder ? (
            <button class="primary" onClick={reconnect}>
              Reconnect folder
            </button>
          ) : (
            <button onClick={() => props.onRetry()}>Try again</button>
          )}
          <button onClick={() => props.onBack()}>Back</button>
        </>
      }
    />
  );
}
