import { For } from 'solid-js';
import { ANNOTATION_COLORS, type AnnotationColor } from '../../domain/annotations';
import { HIGHLIGHT_FILL } from './createAnnotations';

export interface PendingSelection {
  /** Viewport position of the selection's bottom-left, to show the toolbar under it. */
  x: number;
  y: number;
  highlight: (color: AnnotationColor) => void;
}

/** The small bar under a text selection: highlight it in one of four colours. */
export function SelectionToolbar(props: { sel: PendingSelection }) {
  return (
    <div
      class="selection-toolbar"
      role="toolbar"
      aria-label="Selection"
      style={{ left: `${Math.max(8, props.sel.x)}px`, top: `${props.sel.y + 8}px` }}
      onMouseDown={(e) => e.preventDefault()}
    >
      <span class="selection-toolbar-label">Highlight</span>
      <For each={ANNOTATION_COLORS}>
        {(c) => (
          <button class="swatch" aria-label={`Highlight ${c}`} title={`Highlight (${c})`} style={{ background: HIGHLIGHT_FILL[c] }} onClick={() => props.sel.highlight(c)} />
        )}
      </For>
    </div>
  );
}
