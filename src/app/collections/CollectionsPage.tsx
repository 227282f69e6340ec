import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { createCollection, listCollections } from '../../data/collections';
import { onChanges } from '../../data/invalidation';
import { coverUrl } from '../../data/covers';
import type { CollectionSummary } from '../../domain/collections';
import { BookCover } from '../../ui/BookCover';
import { plural } from '../../ui/plural';
import { CollectionFormDialog } from './CollectionFormDialog';
import './collections.css';

function PreviewCover(props: { book: CollectionSummary['preview'][number] }) {
  const [url] = createResource(() => props.book.coverPath, coverUrl);
  return <BookCover title={props.book.title} author={props.book.author} url={props.book.coverPath ? url() : null} />;
}

function CollectionCard(props: { c: CollectionSummary }) {
  return (
    <article class="collection-card">
      <A href={`/collections/${props.c.id}`} class="collection-link">
        <div class="cover-stack" aria-hidden="true" data-count={props.c.preview.length}>
          <Show when={props.c.preview.length} fallback={<div class="stack-empty">No books yet</div>}>
            <For each={props.c.preview}>{(b) => <div class="stack-item"><PreviewCover book={b} /></div>}</For>
          </Show>
        </div>
        <div class="collection-text">
          <h2 class="collection-name">{props.c.name}</h2>
          <p class="collection-count">
            {plural(props.c.bookCount, 'book')}
            <Show when={props.c.shareToken}>
              <span class="shared-badge">Shared</span>
            </Show>
          </p>
          <Show when={props.c.description}>
            <p class="collection-description">{props.c.description}</p>
          </Show>
        </div>
      </A>
    </article>
  );
}

/** /collections: the signed-in user's own collections. */
export function CollectionsPage() {
  const navigate = useNavigate();
  const [list, { refetch }] = createResource(listCollections);
  onCleanup(onChanges(['collections', 'collection_books', 'books'], () => void refetch()));
  const [creating, setCreating] = createSignal(false);
  return (
    <section class="page collections-page">
      <div class="page-head">
        <h1>Collections</h1>
        <button class="primary" onClick={() => setCreating(true)}>
          New collection
        </button>
      </div>
      <Switch>
        <Match when={list.error}>
          <p class="form-error" role="alert">
            {list.error?.message ?? String(list.error)}
          </p>
        </Match>
        <Match when={list.latest && list.latest.length === 0}>
          <div class="empty-state">
            <p class="empty-title">No collections yet.</p>
            <p>Gather books into reading lists, courses or a shelf to share. Make one here, or from a book’s menu in the library.</p>
          </div>
        </Match>
        <Match when={list.latest}>
          <ul class="collection-grid" role="list">
            <For each={list.latest}>{(c) => <li><CollectionCard c={c} /></li>}</For>
          </ul>
        </Match>
      </Switch>
      <CollectionFormDialog
        open={creating()}
        title="New collection"
        submitLabel="Create"
        onSubmit={async (name, description) => {
          const c = await createCollection(name, description);
          navigate(`/collections/${c.id}`);
        }}
        onClose={() => setCreating(false)}
      />
    </section>
  );
}
