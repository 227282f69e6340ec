import { useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { lazyPart } from '../../ui/lazyPart';
import { NotLoaded } from '../../ui/NotLoaded';
import { sharedBook } from '../../data/sharing';
import { folderAccess, openedBook } from '../openedBook';
import { localProgressStore } from '../../readers/progressStores';
import type { OpenedBook } from '../../readers/types';
import { publishedShare } from '../../publish/visitor';

const ReaderPage = lazyPart(
  () => import('../../readers/ReaderPage').then((m) => ({ default: m.ReaderPage })),
  (props) => <NotLoaded shape="screen" backHref={props.backHref} />,
);

/** A shared book: the worker refuses any book outside the token's collection. */
async function loadSharedBook(shareToken: string, bookId: string): Promise<OpenedBook> {
  const book = await sharedBook(shareToken, bookId);
  return openedBook(book, book.localMode);
}

/** /shared/:token/read/:bookId — public: progress kept in this browser's localStorage only. */
export function SharedReadRoute() {
  const params = useParams<{ token: string; bookId: string }>();
  return (
    <Show when={`${params.token}/${params.bookId}`} keyed>
      {(_key: string) => {
        const published = publishedShare(params.token);
        return (
          <ReaderPage
            load={() => (published ? published.openBook(params.bookId) : loadSharedBook(params.token, params.bookId))}
            store={localProgressStore(params.token, params.bookId)}
            backHref={`/shared/${params.token}${published?.hash ?? ''}`}
            fileAccess={folderAccess}
          />
        );
      }}
    </Show>
  );
}
