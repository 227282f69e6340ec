import { For } from 'solid-js';
import { ANNOTATION_COLORS, type Annotation, type AnnotationColor } from '../../domain/annotations';
import { HIGHLIGHT_FILL } from './createAnnotations';

export interface ActiveHighlight {
  annotation: Annotation;
  x: number;
  y: number;
}

/** Shown on a click on a highlight: another colour, or delete it. */
export function HighlightMenu(props: { at: ActiveHighlight; recolor: (c: AnnotationColor) => void; remove: () => void; close: () => void }) {
  return (
    <div class="selection-toolbar" role="toolbar" aria-label="Highlight" style={{ left: `${Math.max(8, props.at.x)}px`, top: `${props.at.y + 8}px` }}>
      <For each={ANNOTATION_COLORS}>
        {(c) => (
          <button
            class="swatch"
            aria-label={`Colour ${c}`}
            aria-pressed={props.at.annotation.color === c}
            style={{ background: HIGHLIGHT_FILL[c] }}
            onClick={() => props.recolor(c)}
          />
        )}
      </For>
      <button onClick={() => props.remove()}>Delete</button>
      <button onClick={() => props.close()}>Close</button>
    </div>
  );
}
