import { A } from '@solidjs/router';
import { createEffect, createResource, For, Show } from 'solid-js';
import { api } from '../../data/sessionClient';
import type { TextIndexEntry } from '../../db/api';
import { openBookFile } from '../../storage/fileSource';
import { fulltext } from '../../fulltext/fulltextClient';
import type { TextHit } from '../../fulltext/searchText';
import { textIndexStatus } from '../../fulltext/textIndexer';
import { textJumpHref } from '../../fulltext/textJump';
import { wholeBlob } from '../../fulltext/wholeBlob';
import './fulltext.css';

const ROWS = 30;
/** Snippets are read from the books themselves (the index keeps no text): the first rows only. */
const SNIPPETS = 12;

interface Row {
  hit: TextHit;
  book: TextIndexEntry;
}

/**
 * The library search's second part: books whose text holds the words, one row per book with its
 * number of matches (occurrences) and a snippet around the first match. Choosing a
 * row opens the reader there.
 */
export function InTheText(props: { q: string; format: 'all' | 'pdf' | 'epub'; onHits?: (rows: number) => void }) {
  const [rows] = createResource(
    () => (props.q.trim() ? { q: props.q.trim(), format: props.format, settled: textIndexStatus().settled } : null),
    async ({ q, format }): Promise<{ rows: Row[]; books: number }> => {
      // The list at once; occurrences are counted after (most of a common word's time).
      const { hits, books } = await fulltext().search(q, ROWS, false);
      if (!hits.length) return { rows: [], books };
      const entries = await api.booksByHash(hits.map((h) => h.sha256));
      const byHash = new Map(entries.map((e) => [e.fileHash, e]));
      const found = hits.flatMap((hit) => {
        const book = byHash.get(hit.sha256);
        return book && (format === 'all' || book.fileType === format) ? [{ hit, book }] : [];
      });
      return { rows: found, books };
    },
  );
  const [counts] = createResource(
    () => (rows.latest?.rows.length ? { q: props.q.trim(), rows: rows.latest.rows } : null),
    async ({ q }) => ({ q, bySha: new Map((await fulltext().search(q, ROWS)).hits.map((h) => [h.sha256, h.matches])) }),
  );
  // Another query's counts (still shown while this one's are counted) are not this one's.
  const countOf = (sha: string) => (counts.latest?.q === props.q.trim() ? counts.latest.bySha.get(sha) : undefined);
  createEffect(() => props.onHits?.(props.q.trim() ? (rows.latest?.rows.length ?? 0) : 0));
  const s = textIndexStatus;
  const partial = () => s().counted && s().settled < s().total;
  return (
    <>
      <Show when={props.q.trim() && partial()}>
        <p class="in-text muted small" data-testid="text-index-partial">
          Searching inside {s().settled.toLocaleString()} of {s().total.toLocaleString()} books: the others are not indexed yet.
        </p>
      </Show>
      <Show when={rows.latest?.rows.length}>
        <section class="in-text" aria-labelledby="in-text-h" data-testid="in-the-text">
          <h2 id="in-text-h">In the text</h2>
          <ol>
            <For each={rows.latest!.rows}>{(row, i) => <TextRow row={row} q={props.q.trim()} snippet={i() < SNIPPETS} matches={countOf(row.hit.sha256)} />}</For>
          </ol>
        </section>
      </Show>
    </>
  );
}

function TextRow(props: { row: Row; q: string; snippet: boolean; matches: number | undefined }) {
  const [snippet] = createResource(
    () => (props.snippet ? props.row : null),
    async ({ book, hit }) => fulltext().snippet(await wholeBlob(await openBookFile(book)), book.fileType, hit.section, props.q),
  );
  const meta = () => {
    const n = props.matches;
    // Until the occurrences are counted: how many pages (passages) match.
    const s = props.row.hit.sections;
    const unit = props.row.book.fileType === 'pdf' ? (s === 1 ? 'page' : 'pages') : s === 1 ? 'passage' : 'passages';
    const count = n === undefined ? `${s.toLocaleString()} ${unit}` : `${n.toLocaleString()} ${n === 1 ? 'match' : 'matches'}`;
    return props.row.book.fileType === 'pdf' ? `${count} · first on page ${props.row.hit.section}` : count;
  };
  return (
    <li>
      <A href={textJumpHref(props.row.book.id, props.row.hit.section, props.q)} data-testid="text-hit">
        <span class="title">{props.row.book.title}</span>
        <Show when={props.row.book.author}>
          <span class="meta">{props.row.book.author}</span>
        </Show>
        <span class="meta" data-testid="text-hit-count">
          {meta()}
        </span>
        <Show when={snippet()}>
          <p class="snippet">
            <For each={snippet()}>{(p) => (p.hit ? <mark>{p.text}</mark> : <>{p.text}</>)}</For>
          </p>
        </Show>
      </A>
    </li>
  );
}
