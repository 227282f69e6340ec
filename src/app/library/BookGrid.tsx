import { createWindowVirtualizer } from '@tanstack/solid-virtual';
import { createEffect, createMemo, createSignal, Index, on, onCleanup, onMount, Show, untrack, type JSX } from 'solid-js';
import type { BookCard } from '../../domain/library';
import './library.css';

/** Where the grid's books come from: the library, a collection, a share link. */
export interface GridSource {
  /** Identity of the list (the query): a new key starts over at the top. */
  key: string;
  /** `after` is the previous page's `next`, when known: scrolling on costs the same anywhere. */
  fetch(offset: number, limit: number, count: boolean, after?: string): Promise<{ books: BookCard[]; total?: number; next?: string }>;
}

export const PAGE = 60;
const MIN_CARD = 148;
const MIN_CARD_NARROW = 132;
const GAP = 18;
/** Title (2 lines), author (1 line) and the badge row under each cover, in px. */
export const CARD_TEXT = 84;

/**
 * The All Books grid: virtualised rows over the window's scroll, pages of PAGE books fetched as
 * they come into view (LIMIT/OFFSET in the worker), the total counted once per query.
 * `refresh` bumped (a scan, another tab) refetches the count and the pages in view in place:
 * cards keep their place, the scroll position and the query stay.
 */
export function BookGrid(props: {
  source: GridSource;
  refresh: number;
  label: string;
  renderCard: (book: () => BookCard) => JSX.Element;
  onTotal?: (total: number | undefined) => void;
  onError?: (e: unknown) => void;
}) {
  let el!: HTMLDivElement;
  const [width, setWidth] = createSignal(0);
  const [total, setTotal] = createSignal<number | undefined>(undefined);
  const [pages, setPages] = createSignal(new Map<number, BookCard[]>());
  // Bumped for every new query or refresh: answers from an older generation are dropped.
  let generation = 0;
  const inFlight = new Set<number>();
  // Each page's `next` cursor, so the page after it is fetched by key rather than by offset.
  const cursors = new Map<number, string>();

  const cols = () => {
    const w = width();
    const min = w < 500 ? MIN_CARD_NARROW : MIN_CARD;
    return Math.max(2, Math.floor((w + GAP) / (min + GAP)));
  };
  const cardWidth = () => (width() - GAP * (cols() - 1)) / cols();
  const rowHeight = () => Math.round(cardWidth() * 1.5 + CARD_TEXT + GAP);
  const rows = () => Math.ceil((total() ?? 0) / cols());
  const [margin, setMargin] = createSignal(0);

  const virtualizer = createWindowVirtualizer({
    get count() {
      return rows();
    },
    estimateSize: () => rowHeight(),
    overscan: 2,
    get scrollMargin() {
      return margin();
    },
  });

  const measureMargin = () => setMargin(el.getBoundingClientRect().top + window.scrollY);
  onMount(() => {
    const ro = new ResizeObserver(() => {
      setWidth(el.clientWidth);
      measureMargin();
    });
    ro.observe(el);
    // The shelf above may appear or grow after the grid mounted.
    const mo = new ResizeObserver(measureMargin);
    mo.observe(document.body);
    onCleanup(() => {
      ro.disconnect();
      mo.disconnect();
    });
  });
  createEffect(on(rowHeight, () => virtualizer.measure(), { defer: true }));

  function store(gen: number, page: number, books: BookCard[]) {
    if (gen !== generation) return;
    setPages((prev) => new Map(prev).set(page, books));
  }

  async function load(page: number, gen: number, count = false) {
    // A counting fetch always goes (it carries the total); a plain one only once at a time.
    if (inFlight.has(page) && !count) return;
    inFlight.add(page);
    try {
      const r = await props.source.fetch(page * PAGE, PAGE, count, page > 0 ? cursors.get(page - 1) : undefined);
      if (gen !== generation) return;
      if (r.next) cursors.set(page, r.next);
      if (count) {
        setTotal(r.total);
        props.onTotal?.(r.total);
      }
      store(gen, page, r.books);
    } catch (e) {
      if (gen === generation) props.onError?.(e);
    } finally {
      inFlight.delete(page);
    }
  }

  /** Pages under the rows now rendered (visible plus overscan). */
  const pagesInView = () => {
    const items = virtualizer.getVirtualItems();
    if (!items.length) return [0];
    const first = items[0]!.index * cols();
    const last = Math.min((total() ?? 0) - 1, (items[items.length - 1]!.index + 1) * cols() - 1);
    const out: number[] = [];
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last) / PAGE); p++) out.push(p);
    return out;
  };

  // Memos, so a new source object or a re-render with the same key and count changes nothing.
  const key = createMemo(() => props.source.key);
  const refreshCount = createMemo(() => props.refresh);

  // A new query: start over, at the top of the grid.
  createEffect(
    on(
      key,
      () => {
        generation++;
        inFlight.clear();
        cursors.clear();
        setPages(new Map());
        setTotal(undefined);
        props.onTotal?.(undefined);
        const top = el.getBoundingClientRect().top + window.scrollY - 80;
        if (window.scrollY > top) window.scrollTo({ top: Math.max(0, top) });
        void load(0, generation, true);
      },
    ),
  );

  // Something changed in the library: recount and refetch what is in view, keep the rest out.
  createEffect(
    on(
      refreshCount,
      () => {
        const gen = ++generation;
        inFlight.clear();
        // Books may have moved: cursors from before would skip or repeat some.
        cursors.clear();
        const keep = untrack(pagesInView);
        setPages((prev) => new Map([...prev].filter(([p]) => keep.includes(p))));
        void load(keep[0] ?? 0, gen, true);
        for (const p of keep.slice(1)) void load(p, gen);
      },
      { defer: true },
    ),
  );

  // Scrolling: fetch the pages that came into view.
  createEffect(() => {
    if (total() === undefined) return;
    const have = pages();
    const gen = generation;
    for (const p of pagesInView()) if (!have.has(p)) void load(p, gen);
  });

  const bookAt = (i: number) => pages().get(Math.floor(i / PAGE))?.[i % PAGE];
  const rowItems = (row: number) => {
    const out: number[] = [];
    for (let i = row * cols(); i < Math.min(total() ?? 0, (row + 1) * cols()); i++) out.push(i);
    return out;
  };

  return (
    <div
      ref={el}
      class="book-grid"
      role="list"
      aria-label={props.label}
      aria-busy={total() === undefined}
      style={{ height: `${virtualizer.getTotalSize()}px`, '--card-text': `${CARD_TEXT}px` }}
    >
      {/* By position, not by item object: the virtualizer hands out new row objects whenever it
          measures again (a refresh, a resize), and re-creating the rows would re-create every
          card, closing a card menu that is open (a flaky "Book details" in tests under load). */}
      <Index each={virtualizer.getVirtualItems()}>
        {(row) => (
          <div
            class="grid-row"
            role="none"
            style={{
              transform: `translateY(${row().start - margin()}px)`,
              'grid-template-columns': `repeat(${cols()}, minmax(0, 1fr))`,
              height: `${rowHeight() - GAP}px`,
            }}
          >
            <Index each={rowItems(row().index)}>
              {(i) => (
                <div class="grid-cell" role="listitem" aria-setsize={total()} aria-posinset={i() + 1}>
                  <Show when={bookAt(i())} fallback={<div class="card-skeleton" aria-hidden="true" />}>
                    {(book) => props.renderCard(book)}
                  </Show>
                </div>
              )}
            </Index>
          </div>
        )}
      </Index>
    </div>
  );
}
