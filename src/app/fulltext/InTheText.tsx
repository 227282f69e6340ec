import { A } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import { api } from '../../data/sessionClient';
import type { TextIndexEntry } from '../../db/api';
import { openBookFile } from '../../storage/fileSource';
import { fulltext } from '../../fulltext/fulltextClient';
import type { TextHit } from '../../fulltext/searchText';
import { textIndexStatus } from '../../fulltext/textIndexer';
import { textJumpHref } from '../../fulltext/textJump';
import { plural } from '../../ui/plural';
import { wholeBlob } from '../../fulltext/wholeBlob';
import './fulltext.css';

const ROWS = 30;
/**
 * Snippets are read from the books themselves (the index keeps no text), so a row reads its own
 * only when it comes this near the screen: a list of 30 books reads a few, and every row the user
 * scrolls to still has its snippet.
 */
const SNIPPET_MARGIN = '600px 0px';

interface Row {
  hit: TextHit;
  book: TextIndexEntry;
}

/** One page of books: where it started in the index (for its counts) and where the next starts. */
interface Page {
  from: number | undefined;
  rows: Row[];
  next: number | null;
}

async function loadPage(q: string, format: 'all' | 'pdf' | 'epub', from: number | undefined): Promise<Page> {
  // The list at once; occurrences are counted after (most of a common word's time).
  const { hits, next } = await fulltext().search(q, ROWS, false, from);
  if (!hits.length) return { from, rows: [], next };
  const entries = await api.booksByHash(hits.map((h) => h.sha256));
  const byHash = new Map(entries.map((e) => [e.fileHash, e]));
  const rows = hits.flatMap((hit) => {
    const book = byHash.get(hit.sha256);
    return book && (format === 'all' || book.fileType === format) ? [{ hit, book }] : [];
  });
  return { from, rows, next };
}

/**
 * The library search's second part: books whose text holds the words, one row per book with its
 * number of matches (occurrences) and a snippet around the first match. Choosing a
 * row opens the reader there. The first ROWS books come first; "More books" adds the next ROWS.
 */
export function InTheText(props: { q: string; format: 'all' | 'pdf' | 'epub'; onHits?: (rows: number) => void }) {
  const [first] = createResource(
    () => (props.q.trim() ? { q: props.q.trim(), format: props.format, settled: textIndexStatus().settled } : null),
    async ({ q, format }) => loadPage(q, format, undefined),
  );
  // Pages added by "More", for the query of the first page they follow.
  const [more, setMore] = createSignal<Page[]>([]);
  const [loading, setLoading] = createSignal(false);
  createEffect(on(() => [props.q.trim(), props.format], () => setMore([]), { defer: true }));
  const pages = () => (first.latest ? [first.latest, ...more()] : []);
  const shown = () => pages().reduce((n, p) => n + p.rows.length, 0);
  const next = () => pages().at(-1)?.next ?? null;
  let list: HTMLOListElement | undefined;
  async function showMore() {
    const from = next();
    const q = props.q.trim();
    const format = props.format;
    if (from === null || loading()) return;
    setLoading(true);
    try {
      const before = shown();
      const page = await loadPage(q, format, from);
      // The query changed while this page was read: it belongs to the old one.
      if (q !== props.q.trim() || format !== props.format) return;
      setMore((m) => [...m, page]);
      // Keyboard users go on from the first new book, not from the top of the list.
      list?.querySelectorAll<HTMLAnchorElement>('[data-testid="text-hit"]')[before]?.focus();
    } finally {
      setLoading(false);
    }
  }
  createEffect(() => props.onHits?.(props.q.trim() ? shown() : 0));
  const s = textIndexStatus;
  const partial = () => s().counted && s().settled < s().total;
  return (
    <>
      <Show when={props.q.trim() && partial()}>
        <p class="in-text muted small" data-testid="text-index-partial">
          Searching inside {s().settled.toLocaleString()} of {s().total.toLocaleString()} books: the others are not indexed yet.
        </p>
      </Show>
      <Show when={shown() || next() !== null}>
        <section class="in-text" aria-labelledby="in-text-h" data-testid="in-the-text">
          <h2 id="in-text-h">In the text</h2>
          <ol ref={list}>
            <For each={pages()}>{(page) => <TextPage page={page} q={props.q.trim()} />}</For>
          </ol>
          <Show when={next() !== null}>
            <button type="button" class="more" data-testid="text-more" onClick={showMore} disabled={loading()} aria-describedby="in-text-h">
              {loading() ? 'Looking for more books…' : 'More books'}
            </button>
          </Show>
        </section>
      </Show>
    </>
  );
}

/** One page's rows, with their occurrences counted after the list is shown. */
function TextPage(props: { page: Page; q: string }) {
  const [counts] = createResource(
    () => (props.page.rows.length ? { q: props.q, from: props.page.from } : null),
    async ({ q, from }) => ({ q, bySha: new Map((await fulltext().search(q, ROWS, true, from)).hits.map((h) => [h.sha256, h.matches])) }),
  );
  // Another query's counts (still shown while this one's are counted) are not this one's.
  const countOf = (sha: string) => (counts.latest?.q === props.q ? counts.latest.bySha.get(sha) : undefined);
  return (
    <For each={props.page.rows}>
      {(row) => <TextRow row={row} q={props.q} matches={countOf(row.hit.sha256)} />}
    </For>
  );
}

function TextRow(props: { row: Row; q: string; matches: number | undefined }) {
  const [near, setNear] = createSignal(false);
  let item: HTMLLIElement | undefined;
  onMount(() => {
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      setNear(true);
      seen.disconnect();
    }, { rootMargin: SNIPPET_MARGIN });
    seen.observe(item!);
    onCleanup(() => seen.disconnect());
  });
  const [snippet] = createResource(
    () => (near() ? props.row : null),
    // A book that cannot be read now (its file gone since it was indexed, a folder that needs
    // permission again) keeps its row without a snippet: a failed resource would throw on read
    // and take the page down with it.
    async ({ book, hit }) => {
      try {
        return await fulltext().snippet(await wholeBlob(await openBookFile(book)), book.fileType, hit.first, props.q);
      } catch {
        return null;
      }
    },
  );
  // The index narrows the first match to a row of a few sections; the snippet, read from the
  // book, says which one. Until then (or when the book cannot be read) the row's are given.
  const places = () => (snippet()?.section !== undefined ? [snippet()!.section] : props.row.hit.first);
  const meta = () => {
    const n = props.matches;
    const count = n === undefined ? 'Counting matches…' : plural(n, 'match', 'matches');
    if (props.row.book.fileType !== 'pdf') return count;
    const p = places();
    return `${count} · first on ${p.length === 1 ? `page ${p[0]}` : `pages ${p[0]}–${p[p.length - 1]}`}`;
  };
  return (
    <li ref={item}>
      <A
        href={textJumpHref(props.row.book.id, places(), props.q)}
        data-testid="text-hit"
        // For tests and styles: whether the snippet is still to be read, shown, or left out.
        data-snippet={!near() || snippet.loading ? 'waiting' : snippet.state === 'ready' && snippet() ? 'shown' : 'none'}
      >
        <span class="title">{props.row.book.title}</span>
        <Show when={props.row.book.author}>
          <span class="meta">{props.row.book.author}</span>
        </Show>
        <span class="meta" data-testid="text-hit-count">
          {meta()}
        </span>
        <Show when={snippet()}>
          <p class="snippet">
            <For each={snippet()!.parts}>{(p) => (p.hit ? <mark>{p.text}</mark> : <>{p.text}</>)}</For>
          </p>
        </Show>
      </A>
    </li>
  );
}
