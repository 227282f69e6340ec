import { useParams } from '@solidjs/router';
import { createSignal, lazy, Show } from 'solid-js';
import { RequireAuth } from '../app/RequireAuth';
import { db } from '../data/client';
import { token } from '../data/auth';
import { openBookFile } from '../files/fileSource';
import { dbAnnotationStore } from './annotations/dbAnnotationStore';
import { dbProgressStore } from './dbProgressStore';
import type { OpenedBook, SaveState } from './types';
import './backNavigation';

const ReaderPage = lazy(() => import('./ReaderPage').then((m) => ({ default: m.ReaderPage })));

/**
 * The signed-in user's book, bytes from wherever it lives. `onRecord` hears the title as soon as
 * the catalogue gives it, so a file that then cannot be read still shows which book it is.
 */
export async function loadLibraryBook(bookId: string, onRecord?: (title: string) => void): Promise<OpenedBook> {
  const { book, localMode } = await db().getBookForReading(token(), bookId);
  onRecord?.(book.title);
  const file = await openBookFile(book, { localMode });
  return { id: book.id, title: book.title, author: book.author, fileType: book.fileType, fileHash: book.fileHash, file };
}

/** /read/:bookId — full screen, without the app's Shell, behind a session. */
export function ReadRoute() {
  const params = useParams<{ bookId: string }>();
  const [saveState, setSaveState] = createSignal<SaveState>('idle');
  const [saveError, setSaveError] = createSignal<unknown>(null);
  const [knownTitle, setKnownTitle] = createSignal('');
  return (
    <RequireAuth>
      <Show when={params.bookId} keyed>
        {(bookId) => (
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
          />
        )}
      </Show>
    </RequireAuth>
  );
}
