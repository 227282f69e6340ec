import { For, onMount } from 'solid-js';
import { ANNOTATION_COLORS, type Annotation, type AnnotationColor } from '../../domain/annotations';
import { HIGHLIGHT_FILL } from './createAnnotations';
import { floatingAt } from './SelectionToolbar';

export interface ActiveHighlight {
  annotation: Annotation;
  x: number;
  y: number;
}

/** Shown on a click on a highlight: another colour, its note, or delete it. */
export function HighlightMenu(props: { at: ActiveHighlight; recolor: (c: AnnotationColor) => void; editNote: () => void; remove: () => void; close: () => void }) {
  let first!: HTMLButtonElement;
  onMount(() => first.focus({ preventScroll: true }));
  return (
    <div
      class="selection-toolbar"
      role="toolbar"
      aria-label="Highlight"
      style={floatingAt(props.at, 380)}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        props.close();
      }}
    >
      <For each={ANNOTATION_COLORS}>
        {(c, i) => (
          <button
            ref={(el) => i() === 0 && (first = el)}
            class="swatch"
            aria-label={`Colour ${c}`}
            aria-pressed={props.at.annotation.color === c}
            style={{ background: HIGHLIGHT_FILL[c] }}
            onClick={() => props.recolor(c)}
          />
        )}
      </For>
      <button onClick={() => props.editNote()}>{props.at.annotation.note ? 'Edit note' : 'Add note'}</button>
      <button onClick={() => props.remove()}>Delete</button>
      <button onClick={() => props.close()}>Close</button>
    </div>
  );
}
