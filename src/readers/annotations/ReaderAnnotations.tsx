import { Show } from 'solid-js';
import type { Annotation } from '../../domain/annotations';
import { AnnotationButtons } from './AnnotationButtons';
import { AnnotationsPanel } from './AnnotationsPanel';
import type { Annotations } from './createAnnotations';
import { HighlightMenu } from './HighlightMenu';
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

/** The Annotations panel and the selection toolbar, inside the reader's body. */
export function AnnotationOverlays(props: { ann: Annotations; onChange?: (a: Annotation, removed: boolean) => void }) {
  return (
    <>
      <Show when={props.ann.panelOpen()}>
        <AnnotationsPanel list={props.ann.list()} unplaced={props.ann.unplaced()} onPick={props.ann.pick} onClose={props.ann.closePanel} />
      </Show>
      <Show when={props.ann.pending()}>{(sel) => <SelectionToolbar sel={sel()} />}</Show>
      <Show when={props.ann.active()}>
        {(at) => (
          <HighlightMenu
            at={at()}
            recolor={(c) => void props.ann.recolor(at().annotation, c).then((a) => props.onChange?.(a, false))}
            remove={() => {
              const a = at().annotation;
              props.ann.setActive(null);
              void props.ann.remove(a.id).then(() => props.onChange?.(a, true));
            }}
            close={() => props.ann.setActive(null)}
          />
        )}
      </Show>
    </>
  );
}
