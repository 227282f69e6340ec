import { For, Show } from 'solid-js';
import type { Annotation } from '../../domain/annotations';
import { ReaderPanel } from '../ReaderChrome';
import { HIGHLIGHT_FILL } from './createAnnotations';

const KIND_LABEL = { highlight: 'Highlight', note: 'Note', bookmark: 'Bookmark' } as const;

/** Highlights, notes and bookmarks in book order; choosing one jumps there. */
export function AnnotationsPanel(props: {
  list: Annotation[];
  unplaced: ReadonlySet<string>;
  onPick: (a: Annotation) => void;
  onClose: () => void;
}) {
  const placed = () => props.list.filter((a) => !props.unplaced.has(a.id));
  const lost = () => props.list.filter((a) => props.unplaced.has(a.id));
  const Item = (p: { a: Annotation; button: boolean }) => {
    const body = (
      <>
        <span class="annot-kind">
          <Show when={p.a.color}>{(c) => <span class="annot-dot" style={{ background: HIGHLIGHT_FILL[c()] }} aria-hidden="true" />}</Show>
          {KIND_LABEL[p.a.kind]}
          <Show when={p.a.anchor.label}> · {p.a.anchor.label}</Show>
        </span>
        <Show when={p.a.anchor.quote?.exact}>{(q) => <q class="annot-quote">{q()}</q>}</Show>
        <Show when={p.a.note}>{(n) => <span class="annot-note">{n()}</span>}</Show>
      </>
    );
    return p.button ? (
      <button class="annot-item" onClick={() => props.onPick(p.a)}>
        {body}
      </button>
    ) : (
      <div class="annot-item">{body}</div>
    );
  };
  return (
    <ReaderPanel id="reader-annotations" label="Annotations" heading="Annotations" closeLabel="Close annotations" onClose={props.onClose}>
      <Show when={props.list.length} fallback={<p class="annot-empty">No highlights or bookmarks yet. Select text to highlight it.</p>}>
        <ul class="annot-list">
          <For each={placed()}>{(a) => <li><Item a={a} button /></li>}</For>
        </ul>
        <Show when={lost().length}>
          <h3 class="annot-lost-heading">Could not be placed</h3>
          <ul class="annot-list">
            <For each={lost()}>{(a) => <li><Item a={a} button={false} /></li>}</For>
          </ul>
        </Show>
      </Show>
    </ReaderPanel>
  );
}
