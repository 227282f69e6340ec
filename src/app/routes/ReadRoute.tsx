import { useLocation, useParams } from '@solidjs/router';
import { textJumpFrom } from '../../fulltext/textJump';
import { createSignal, Show } from 'solid-js';
import { lazyPart } from '../../ui/lazyPart';
import { NotLoaded } from '../../ui/NotLoaded';
import { bookForReading } from '../../data/library';
import '../../readers/backNavigation';
import type { OpenedBook, SaveState } from '../../readers/types';
import { folderAccess, openedBook } from '../openedBook';
import { RequireAuth } from '../RequireAuth';
import { dbAnnotationStore } from '../../readers/annotations/dbAnnotationStore';
import { dbProgressStore } from './dbProgressStore';
import { readerMark } from '../../readers/readerMarks';
import { SyncOfferPrompt } from '../sync/SyncOfferPrompt';
import { withNotOnDevice } from '../sync/NotOnDevice';

const ReaderPage = lazyPart(
  () => import('../../readers/ReaderPage').then((m) => ({ default: m.ReaderPage })),
  (props) => <NotLoaded shape="screen" backHref={props.backHref} />,
);

/**
 * The signed-in user's book, bytes from wherever it lives. `onRecord` hears the title as soon as
 * the catalogue gives it, so a file that then cannot be read still shows which book it is.
 */
export async function loadLibraryBook(bookId: string, onRecord?: (title: string) => void): Promise<OpenedBook> {
  const { book, localMode } = await bookForReading(bookId);
  readerMark('book-record');
  onRecord?.(book.title);
  return openedBook(book, localMode);
}

/** /read/:bookId — full screen, without the app's Shell, behind a session. */
export function ReadRoute() {
  readerMark('read-route');
  const params = useParams<{ bookId: string }>();
  const jump = textJumpFrom(useLocation().search);
  const [saveState, setSaveState] = createSignal<SaveState>('idle');
  const [saveError, setSaveError] = createSignal<unknown>(null);
  const [knownTitle, setKnownTitle] = createSignal('');
  // Bumped to reopen the reader at a position taken from another device (sync's offer).
  const [opening, setOpening] = createSignal(1);
  return (
    <RequireAuth>
      <Show when={params.bookId} keyed>
        {(bookId) => (
          <>
          <SyncOfferPrompt bookId={bookId} onMoved={() => setOpening(opening() + 1)} />
          <Show when={opening()} keyed>
          {(_opening) => (
          <ReaderPage
            load={() => loadLibraryBook(bookId, setKnownTitle)}
            placeholderTitle={knownTitle()}
            store={dbProgressStore(bookId, {
              onState: setSaveState,
              onError: (e) => {
                setSaveError(() => e);
                console.warn('Could not save the reading position', e);
              },
            })}
            annotations={dbAnnotationStore(bookId)}
            saveState={saveState()}
            saveError={saveError()}
            backHref="/library"
            fileAccess={withNotOnDevice(folderAccess)}
            jump={jump}
          />
          )}
          </Show>
          </>
        )}
      </Show>
    </RequireAuth>
  );
}
