import { useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, Match, onCleanup, Show, Switch } from 'solid-js';
import { sharedBooks, sharedCollection } from '../../data/sharing';
import { onChanges } from '../../data/invalidation';
import { isAppError } from '../../domain/errors';
import { BookGrid, type GridSource } from '../library/BookGrid';
import { BookCardView } from '../library/BookCardView';
import { plural } from '../../ui/plural';
import { publishedShare } from '../../publish/visitor';
import '../library/library.css';
import './shared.css';

/**
 * /shared/:token — public, no sign-in: one collection's name, description and books, never its
 * owner. Each book opens in the readers at /shared/:token/read/:bookId; the visitor's progress
 * stays in this browser.
 */
export function SharedCollectionPage() {
  const params = useParams<{ token: string }>();
  const [refresh, setRefresh] = createSignal(0);
  // A published link (#m=… in the URL) reads the copy in the bucket, not this browser's library.
  const published = createMemo(() => publishedShare(params.token));
  const [collection, { refetch }] = createResource(() => params.token, (t) => published()?.collection() ?? sharedCollection(t));
  onCleanup(
    onChanges(['collections', 'collection_books', 'books'], () => {
      void refetch();
      setRefresh((n) => n + 1);
    }),
  );
  const source = createMemo<GridSource>(() => {
    const token = params.token;
    const p = published();
    return { key: token, fetch: (offset, limit) => (p ? p.books(offset, limit) : sharedBooks(token, { offset, limit })) };
  });

  return (
    <div class="shared-page">
      <header class="shared-top">
        <span class="brand-link">Alex</span>
        <span class="muted">Shared collection</span>
      </header>
      <main class="content">
        <Switch>
          <Match when={collection.error}>
            <div class="empty-state shared-gone" data-testid="share-gone">
              <p class="empty-title">
                {isAppError(collection.error, 'NOT_FOUND') ? 'This link is no longer shared' : 'This collection could not be opened'}
              </p>
              <p>
                {isAppError(collection.error, 'NOT_FOUND')
                  ? 'Its owner stopped sharing it or made a new link, or the address is not complete.'
                  : String(collection.error?.message ?? collection.error)}
              </p>
            </div>
          </Match>
          <Match when={collection.latest}>
            {(c) => (
              <section class="page">
                <header class="shared-head">
                  <h1>{c().name}</h1>
                  <Show when={c().description}>
                    <p class="collection-description-full">{c().description}</p>
                  </Show>
                  <p class="muted">{plural(c().bookCount, 'book')} · your reading progress stays in this browser</p>
                </header>
                <Show when={c().bookCount === 0}>
                  <p class="empty-state">There are no books in this collection yet.</p>
                </Show>
                <BookGrid
                  source={source()}
                  refresh={refresh()}
                  label={`Books in ${c().name}`}
                  renderCard={(b) => <BookCardView book={b()} href={`/shared/${params.token}/read/${b().id}${published()?.hash ?? ''}`} />}
                />
              </section>
            )}
          </Match>
        </Switch>
      </main>
    </div>
  );
}
