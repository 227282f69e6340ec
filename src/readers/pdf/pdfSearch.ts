import { createSignal } from 'solid-js';
import { findTerms } from '../../fulltext/textQuery';
import type { EventBus } from 'pdfjs-dist/web/pdf_viewer.mjs';

// pdf.js constants, repeated so this module's types do not need the lazily loaded library.
const FIND_NOT_FOUND = 1;
export const FIND_PENDING = 3;

export type PdfSearch = ReturnType<typeof createPdfSearch>;

/** Find in the document through pdf.js's find controller: query, match count, open/close. */
export function createPdfSearch(bus: () => EventBus | undefined, refocus: () => void) {
  const [open, setOpen] = createSignal(false);
  const [query, setQuery] = createSignal('');
  const [matches, setMatches] = createSignal<{ current: number; total: number } | null>(null);
  const [findState, setFindState] = createSignal<number | null>(null);
  let input: HTMLInputElement | undefined;
  // A full-text hit's words: each phrase, any of them (typing in the box replaces them).
  let terms: string[] | null = null;

  const find = (type: '' | 'again', findPrevious = false) =>
    bus()?.dispatch('find', {
      source: null,
      type,
      query: terms ?? query(),
      caseSensitive: false,
      entireWord: false,
      highlightAll: true,
      findPrevious,
      matchDiacritics: false,
    });
  const openSearch = () => {
    setOpen(true);
    queueMicrotask(() => {
      input?.focus();
      input?.select();
    });
  };
  const closeSearch = () => {
    setOpen(false);
    setMatches(null);
    setFindState(null);
    bus()?.dispatch('findbarclose', { source: null });
    refocus();
  };
  const matchText = () => {
    if (!query()) return '';
    // A count arrives once every page has been searched (updateMatchesCountOnProgress: false).
    const m = matches();
    if (m) return m.total > 0 ? `${Math.max(m.current, 1)} of ${m.total}` : 'No matches';
    if (findState() === FIND_NOT_FOUND) return 'No matches';
    if (findState() === FIND_PENDING) return 'Searching…';
    return '';
  };
  /** Opens the search on a library text hit's words, found from the current page on. */
  const showHit = (q: string) => {
    terms = findTerms(q);
    setQuery(q);
    setOpen(true);
    setMatches(null);
    setFindState(FIND_PENDING);
    find('');
  };
  const typed = (value: string) => {
    terms = null;
    setQuery(value);
    setMatches(null);
    setFindState(value ? FIND_PENDING : null);
    find('');
  };
  /** Wires pdf.js's find events to the count shown. */
  const listen = (eventBus: EventBus) => {
    eventBus.on('updatefindmatchescount', (e: { matchesCount: { current: number; total: number } }) => setMatches(e.matchesCount));
    eventBus.on('updatefindcontrolstate', (e: { state: number; matchesCount: { current: number; total: number } }) => {
      setFindState(e.state);
      if (e.matchesCount) setMatches(e.matchesCount);
    });
  };
  return {
    showHit,
    open,
    query,
    matches,
    find,
    openSearch,
    closeSearch,
    matchText,
    typed,
    listen,
    setInput: (el: HTMLInputElement) => (input = el),
  };
}
