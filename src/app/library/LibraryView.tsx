import { A, useLocation, useSearchParams } from '@solidjs/router';
import { InTheText } from '../fulltext/InTheText';
import { createEffect, createMemo, createResource, createSignal, For, Match, on, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { lazyPart } from '../../ui/lazyPart';
import { NotLoaded } from '../../ui/NotLoaded';
import {
  DEFAULT_QUERY,
  FORMAT_LABELS,
  FORMATS,
  hasFilters,
  normaliseQuery,
  queryToParams,
  showsNowReading,
  SORT_LABELS,
  SORTS,
  STATUS_LABELS,
  STATUSES,
  type BookCard,
  type LibraryQuery,
} from '../../domain/library';
import { listBooks, markRead, nowReading } from '../../data/library';
import { LIBRARY_TABLES, onChanges } from '../../data/invalidation';
import { session } from '../../data/auth';
import { Menu, type MenuItem } from '../../ui/Menu';
import { BookGrid, type GridSource } from './BookGrid';
import { BookCardView } from './BookCardView';
import { BookDetailsDialog } from './BookDetailsDialog';
import { AddToCollectionDialog } from './AddToCollectionDialog';
import { plural } from '../../ui/plural';
import { rememberScroll, scrollToRestore } from './scrollMemory';
import './library.css';
import { FormMessages } from '../../ui/FormMessages';

const ChooseFolderButton = lazyPart(
  () => import('../ChooseFolderButton').then((m) => ({ default: m.ChooseFolderButton })),
  () => <NotLoaded shape="inline" />,
);

const SEARCH_DEBOUNCE_MS = 250;

/**
 * The library (or one collection's books): search, filters and sort kept in the URL, the Now
 * Reading shelf, the virtualised All Books grid, and the card menu. Refreshes itself in place
 * when another tab or a scan changes the library.
 */
export function LibraryView(props: {
  collectionId?: string;
  /** Extra card menu items (a collection adds "Remove from collection"). */
  cardItems?: (book: BookCard) => MenuItem[];
  /** What an empty collection says (the library has its own empty state). */
  emptyCollection?: JSX.Element;
}) {
  const [params, setParams] = useSearchParams();
  const query = createMemo<LibraryQuery>(
    () => normaliseQuery({ q: params.q, format: params.format, status: params.status, sort: params.sort }),
    DEFAULT_QUERY,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );
  const update = (patch: Partial<LibraryQuery>, opts: { replace?: boolean } = {}) =>
    setParams(queryToParams({ ...query(), ...patch }), { replace: opts.replace ?? false });

  // The search box: typed text shows at once, the URL (and the query) follow after a pause.
  // Going from no search to a search adds a history entry; refining it replaces that entry.
  const [text, setText] = createSignal(query().q);
  let written = query().q;
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      () => query().q,
      (q) => {
        // Back/forward or "Clear filters" changed the URL: the box follows it.
        if (q !== written) {
          written = q;
          setText(q);
        }
      },
    ),
  );
  const onSearchInput = (value: string) => {
    setText(value);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const before = query().q;
      written = value;
      update({ q: value }, { replace: before.trim() !== '' });
    }, SEARCH_DEBOUNCE_MS);
  };
  onCleanup(() => clearTimeout(timer));
  const clearFilters = () => {
    clearTimeout(timer);
    written = '';
    setText('');
    setParams(queryToParams({ ...DEFAULT_QUERY, sort: query().sort }));
  };

  // Live updates: another tab, a scan, or this tab's own writes (they come back on the channel).
  const [refresh, setRefresh] = createSignal(0);
  onCleanup(onChanges(LIBRARY_TABLES, () => setRefresh((n) => n + 1)));

  const shelfWanted = () => showsNowReading(query());
  const [shelf] = createResource(
    () => (shelfWanted() ? { n: refresh(), c: props.collectionId ?? '' } : false),
    ({ c }) => nowReading(c || undefined),
  );

  const [total, setTotal] = createSignal<number | undefined>();
  // Back from a reader: once the grid has its height again, go back to where the user was.
  const location = useLocation();
  const url = () => location.pathname + location.search;
  let restore = scrollToRestore(url());
  // By the time this unmounts the location is already the next page's: keep the pair up to date.
  const path = location.pathname;
  let seen = { url: url(), y: window.scrollY };
  createEffect(() => location.pathname === path && (seen = { url: url(), y: window.scrollY }));
  const onScroll = () => (seen = { url: seen.url, y: window.scrollY });
  window.addEventListener('scroll', onScroll, { passive: true });
  onCleanup(() => {
    window.removeEventListener('scroll', onScroll);
    rememberScroll(seen.url, seen.y);
  });
  createEffect(
    on(total, (t) => {
      if (t === undefined || restore === null) return;
      const y = restore;
      restore = null;
      requestAnimationFrame(() => window.scrollTo({ top: y }));
    }),
  );
  const [error, setError] = createSignal('');
  const source = createMemo<GridSource>(() => {
    const q = query();
    const collectionId = props.collectionId;
    return {
      key: JSON.stringify([q, collectionId]),
      fetch: async (offset, limit, count, after) => {
        const page = await listBooks(q, { offset, limit, count, after }, collectionId);
        setError('');
        // Books written around the repository code are still being indexed: look again soon.
        if (page.indexing > 0) setTimeout(() => setRefresh((n) => n + 1), 400);
        return page;
      },
    };
  });

  const [detailsOf, setDetailsOf] = createSignal<string | null>(null);
  const [addingTo, setAddingTo] = createSignal<BookCard | null>(null);
  const itemsFor = (book: BookCard): MenuItem[] => [
    { label: 'Add to collection…', onSelect: () => setAddingTo(book) },
    book.status === 'completed'
      ? { label: 'Mark as unread', onSelect: () => void markRead(book.id, false).catch((e) => setError(String(e?.message ?? e))) }
      : { label: 'Mark as read', onSelect: () => void markRead(book.id, true).catch((e) => setError(String(e?.message ?? e))) },
    { label: 'Book details', onSelect: () => setDetailsOf(book.id) },
    ...(props.cardItems?.(book) ?? []),
  ];
  // The accessor keeps a card in place when a refresh brings a newer copy of its book.
  const card = (book: () => BookCard, shelfCard = false) => (
    <BookCardView
      book={book()}
      href={`/read/${book().id}`}
      shelf={shelfCard}
      menu={<Menu label={`More actions for ${book().title}`} items={itemsFor(book())} />}
    />
  );

  const filtered = () => hasFilters(query());
  /** Books the "In the text" section lists (below the grid). */
  const [textHits, setTextHits] = createSignal(0);
  const shelfBooks = () => (shelfWanted() ? (shelf.latest ?? []) : []);
  const isAdmin = () => session()?.user.role === 'admin';
  /** No books at all (not just none matching): only the empty state shows. */
  const nothingHere = () => total() === 0 && !filtered() && !shelf.loading && shelfBooks().length === 0;

  return (
    <div class="library-view">
      <div class="library-toolbar" role="search" aria-label="Find books" hidden={nothingHere()}>
        <div class="search-field">
          <label for="library-search" class="visually-hidden">
            Search
          </label>
          <span class="search-icon" aria-hidden="true">
            ⌕
          </span>
          <input
            id="library-search"
            type="search"
            placeholder="Search titles, authors and text"
            autocomplete="off"
            spellcheck={false}
            value={text()}
            onInput={(e) => onSearchInput(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                clearTimeout(timer);
                written = e.currentTarget.value;
                update({ q: e.currentTarget.value }, { replace: query().q.trim() !== '' });
              }
            }}
          />
        </div>
        <QuerySelect label="Format" class="format" value={query().format} options={FORMATS} labels={FORMAT_LABELS} onChange={(format) => update({ format })} />
        <QuerySelect label="Status" value={query().status} options={STATUSES} labels={STATUS_LABELS} onChange={(status) => update({ status })} />
        <QuerySelect label="Sort by" class="sort" value={query().sort} options={SORTS} labels={SORT_LABELS} onChange={(sort) => update({ sort })} />
        <Show when={filtered()}>
          <button type="button" class="clear-filters" onClick={clearFilters}>
            Clear filters
          </button>
        </Show>
      </div>

      <FormMessages error={error()} class="library-error" />

      <Show when={shelfBooks().length}>
        <section class="now-reading" aria-labelledby="now-reading-heading">
          <h2 id="now-reading-heading">Now Reading</h2>
          <ul class="shelf" role="list">
            <For each={shelfBooks()}>{(b) => <li>{card(() => b, true)}</li>}</For>
          </ul>
        </section>
      </Show>

      <section class="all-books" aria-labelledby="all-books-heading">
        <div class="grid-head" hidden={nothingHere()}>
          <h2 id="all-books-heading">{filtered() ? 'Results' : 'All Books'}</h2>
          <p class="result-count" aria-live="polite" data-testid="result-count">
            <Show when={total() !== undefined}>{plural(total()!, 'book')}</Show>
          </p>
        </div>
        <Switch>
          <Match when={total() === 0 && filtered() && textHits() > 0}>
            {/* The text has results: a line, so they come first. */}
            <p class="muted no-title-match" data-testid="no-match">
              No titles or authors match.
            </p>
          </Match>
          <Match when={total() === 0 && filtered()}>
            <div class="empty-state" data-testid="no-match">
              <p class="empty-title">{query().q.trim() ? `No titles or authors match “${query().q.trim()}”.` : 'No books match these filters.'}</p>
              <p>Check the spelling, or try fewer words or filters.</p>
              <button type="button" onClick={clearFilters}>
                Clear filters
              </button>
            </div>
          </Match>
          <Match when={nothingHere()}>
            <Show
              when={!props.collectionId}
              fallback={
                props.emptyCollection ?? (
                  <div class="empty-state">
                    <p class="empty-title">This collection is empty.</p>
                  </div>
                )
              }
            >
              <div class="empty-state" data-testid="library-empty">
                <p class="empty-title">Your library is empty.</p>
                <Show
                  when={isAdmin()}
                  fallback={<p>No books have been added yet. Once an administrator chooses a books folder, its PDF and EPUB books appear here.</p>}
                >
                  <p>Choose the folder that holds your PDF and EPUB books. Alex reads them where they are and keeps the catalogue in this browser.</p>
                  <ChooseFolderButton />
                  <p class="muted small">
                    Or go to <A href="/admin/library">Admin → Library</A> for more options.
                  </p>
                </Show>
              </div>
            </Show>
          </Match>
          <Match when={total() === 0}>
            <p class="muted">Every book here is on your Now Reading shelf.</p>
          </Match>
        </Switch>
        <BookGrid
          source={source()}
          refresh={refresh()}
          label={filtered() ? 'Search results' : 'All books'}
          renderCard={(b) => card(b)}
          onTotal={setTotal}
          onError={(e) => setError(e instanceof Error ? e.message : String(e))}
        />
      </section>
      <Show when={!props.collectionId}>
        <InTheText q={query().q} format={query().format} onHits={setTextHits} />
      </Show>

      <BookDetailsDialog bookId={detailsOf()} onClose={() => setDetailsOf(null)} />
      <AddToCollectionDialog book={addingTo()} onClose={() => setAddingTo(null)} />
    </div>
  );
}

/** One of the library's filters or its sort, as a labelled select. */
function QuerySelect<T extends string>(props: { label: string; class?: string; value: T; options: readonly T[]; labels: Record<T, string>; onChange: (value: T) => void }) {
  return (
    <label class={props.class ? `select-field ${props.class}` : 'select-field'}>
      <span>{props.label}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
        <For each={props.options}>{(o) => <option value={o}>{props.labels[o]}</option>}</For>
      </select>
    </label>
  );
}
