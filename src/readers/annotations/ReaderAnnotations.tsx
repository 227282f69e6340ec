import { onCleanup, Show } from 'solid-js';
import { AnnotationButtons } from './AnnotationButtons';
import { AnnotationsPanel } from './AnnotationsPanel';
import type { Annotations } from './createAnnotations';
import { HighlightMenu } from './HighlightMenu';
import { NoteEditor } from './NoteEditor';
import { SelectionToolbar } from './SelectionToolbar';
import './annotations.css';

/** The toolbar buttons, shown only where the page keeps annotations. */
export function AnnotationToolbarButtons(props: { ann: Annotations; ready: boolean }) {
  return (
    <Show when={props.ann.enabled}>
      <AnnotationButtons
        panelOpen={props.ann.panelOpen()}
        togglePanel={props.ann.togglePanel}
        bookmarked={props.ann.bookmarked()}
        toggleBookmark={() => void props.ann.toggleBookmark()}
        ready={props.ready}
      />
    </Show>
  );
}

/** The Annotations panel, the selection toolbar, the highlight menu and the note editor, inside the reader's body. */
export function AnnotationOverlays(props: { ann: Annotations }) {
  const ann = props.ann;
  // Where focus goes back to when the note editor closes (the panel's "Edit note", say).
  let returnFocus: HTMLElement | null = null;
  const closeEditor = () => {
    ann.setEditing(null);
    returnFocus?.isConnected && returnFocus.focus();
    returnFocus = null;
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    if (ann.pending()) ann.setPending(null);
    else if (ann.panelOpen() && document.activeElement?.closest('#reader-annotations')) ann.closePanel();
  };
  window.addEventListener('keydown', onKey);
  onCleanup(() => window.removeEventListener('keydown', onKey));
  const fail = (e: unknown) => console.warn('The annotation could not be saved', e);

  return (
    <>
      <Show when={ann.panelOpen()}>
        <AnnotationsPanel
          list={ann.list()}
          unplaced={ann.unplaced()}
          onClose={ann.closePanel}
          actions={{
            pick: ann.pick,
            remove: (a) => void ann.remove(a).catch(fail),
            editNote: (a, from) => {
              returnFocus = from;
              const box = from.getBoundingClientRect();
              ann.setEditing({ x: box.left, y: box.bottom, anchor: a.anchor, color: a.color, annotation: a });
            },
          }}
        />
      </Show>
      <Show when={ann.pending()}>{(sel) => <SelectionToolbar sel={sel()} ann={ann} />}</Show>
      <Show when={ann.active()}>
        {(at) => (
          <HighlightMenu
            at={at()}
            recolor={(c) => void ann.recolor(at().annotation, c).catch(fail)}
            editNote={() => {
              const { annotation: a, x, y } = at();
              ann.setActive(null);
              ann.setEditing({ x, y, anchor: a.anchor, color: a.color, annotation: a });
            }}
            remove={() => {
              const a = at().annotation;
              ann.setActive(null);
              void ann.remove(a).catch(fail);
            }}
            close={() => ann.setActive(null)}
          />
        )}
      </Show>
      <Show when={ann.editing()} keyed>
        {(draft) => (
          <NoteEditor
            draft={draft}
            cancel={closeEditor}
            save={(text) => {
              void ann.saveNote(draft, text).catch(fail);
              closeEditor();
            }}
          />
        )}
      </Show>
    </>
  );
}
