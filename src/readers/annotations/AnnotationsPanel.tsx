import { For, Show } from 'solid-js';
import type { Annotation } from '../../domain/annotations';
import { ReaderPanel } from '../ReaderChrome';
import { HIGHLIGHT_FILL } from './createAnnotations';

const KIND_LABEL = { highlight: 'Highlight', note: 'Note', bookmark: 'Bookmark' } as const;

export interface PanelActions {
  pick: (a: Annotation) => void;
  editNote: (a: Annotation, from: HTMLElement) => void;
  remove: (a: Annotation) => void;
}

/** One entry: the place (a button that jumps there, when placed), then its note and delete actions. */
function Item(props: { a: Annotation; placed: boolean; actions: PanelActions }) {
  const what = () => KIND_LABEL[props.a.kind].toLowerCase();
  const body = (
    <>
      <span class="annot-kind">
        <Show when={props.a.color}>{(c) => <span class="annot-dot" style={{ background: HIGHLIGHT_FILL[c()] }} aria-hidden="true" />}</Show>
        {KIND_LABEL[props.a.kind]}
        <Show when={props.a.anchor.label}> · {props.a.anchor.label}</Show>
      </span>
      <Show when={props.a.anchor.quote?.exact}>{(q) => <q class="annot-quote">{q()}</q>}</Show>
      <Show when={props.a.note}>{(n) => <span class="annot-note">{n()}</span>}</Show>
    </>
  );
  return (
    <li class="annot-entry">
      {props.placed ? (
        <button class="annot-item" onClick={() => props.actions.pick(props.a)}>
          {body}
        </button>
      ) : (
        <div class="annot-item">{body}</div>
      )}
      <div class="annot-actions">
        <Show when={props.a.kind !== 'bookmark'}>
          <button class="link-btn" onClick={(e) => props.actions.editNote(props.a, e.currentTarget)}>
            {props.a.note ? 'Edit note' : 'Add note'}
          </button>
        </Show>
        <button class="link-btn" aria-label={`Delete ${what()}`} onClick={() => props.actions.remove(props.a)}>
          Delete
        </button>
      </div>
    </li>
  );
}

/** Highlights, notes and bookmarks in book order; choosing one jumps there. What cannot be placed is listed apart. */
export function AnnotationsPanel(props: { list: Annotation[]; unplaced: ReadonlySet<string>; actions: PanelActions; onClose: () => void }) {
  const placed = () => props.list.filter((a) => !props.unplaced.has(a.id));
  const lost = () => props.list.filter((a) => props.unplaced.has(a.id));
  return (
    <ReaderPanel id="reader-annotations" label="Annotations" heading="Annotations" closeLabel="Close annotations" onClose={props.onClose}>
      <Show when={props.list.length} fallback={<p class="annot-empty">No highlights or bookmarks yet. Select text to highlight it or add a note.</p>}>
        <ul class="annot-list">
          <For each={placed()}>{(a) => <Item a={a} placed actions={props.actions} />}</For>
        </ul>
        <Show when={lost().length}>
          <h3 class="annot-lost-heading">Could not be placed</h3>
          <p class="annot-lost-hint">The book's file changed and these passages were not found in it. They are kept.</p>
          <ul class="annot-list" aria-label="Could not be placed">
            <For each={lost()}>{(a) => <Item a={a} placed={false} actions={props.actions} />}</For>
          </ul>
        </Show>
      </Show>
    </ReaderPanel>
  );
}
