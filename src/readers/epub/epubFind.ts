import { createSignal } from 'solid-js';
import type { Book, Rendition } from 'epubjs';
import { findBookMatches, type BookMatch } from './epubBookMatches';
import { markTextHit, type ShownHit } from './epubTextJump';

/**
 * The EPUB reader's search bar state after opening at a search hit: every match of the book
 * (found in the background), the one shown, and steps to the previous or next one, across
 * chapters.
 */
export function createEpubFind(rendition: () => Rendition | undefined, disposed: () => boolean) {
  const [query, setQuery] = createSignal<string | null>(null);
  const [matches, setMatches] = createSignal<BookMatch[] | null>(null);
  const [at, setAt] = createSignal(0);

  /** Opens the bar on `q`, with `shown` the chapter and match already on screen (or null). */
  async function start(book: Book, q: string, shown: ShownHit | null) {
    setQuery(q);
    setMatches(null);
    const all = await findBookMatches(book, q, disposed);
    const r = rendition();
    if (disposed() || query() !== q || !r) return;
    // The chapter on screen is marked already; the others' marks are drawn when shown.
    for (const m of all) if (m.spineIndex !== shown?.spineIndex) markTextHit(r, m.cfi);
    const first = shown ? all.findIndex((m) => m.spineIndex === shown.spineIndex) : -1;
    setAt(first < 0 ? 0 : Math.min(all.length - 1, first + shown!.at));
    setMatches(all);
    // The place opened did not have the words (the book's text read differently): the first match does.
    if (first < 0 && all.length) await r.display(all[0]!.cfi);
  }

  function step(dir: 1 | -1) {
    const all = matches();
    if (!all?.length) return;
    const i = (at() + dir + all.length) % all.length;
    setAt(i);
    void rendition()?.display(all[i]!.cfi);
  }

  const text = () => {
    const all = matches();
    if (!all) return 'Searching…';
    return all.length ? `${at() + 1} of ${all.length}` : 'No matches';
  };

  return { query, matches, at, start, step, text, close: () => setQuery(null) };
}

export type EpubFind = ReturnType<typeof createEpubFind>;
