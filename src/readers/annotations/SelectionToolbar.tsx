import { For } from 'solid-js';
import { ANNOTATION_COLORS, type AnnotationAnchor } from '../../domain/annotations';
import { HIGHLIGHT_FILL, type Annotations } from './createAnnotations';

export interface PendingSelection {
  /** Viewport position of the selection's bottom-left, to show the toolbar under it. */
  x: number;
  y: number;
  /** The selection's anchor, measured when asked (before the selection is cleared). */
  anchor: () => AnnotationAnchor;
  /** Clears the selection in the page. */
  clear: () => void;
}

/** The small bar under a text selection: highlight it in one of four colours, or add a note to it. */
export function SelectionToolbar(props: { sel: PendingSelection; ann: Annotations }) {
  const take = () => {
    const anchor = props.sel.anchor();
    props.sel.clear();
    props.ann.setPending(null);
    return anchor;
  };
  return (
    <div
      class="selection-toolbar"
      role="toolbar"
      aria-label="Selection"
      style={{ left: `${Math.max(8, Math.min(props.sel.x, window.innerWidth - 300))}px`, top: `${Math.min(props.sel.y + 8, window.innerHeight - 56)}px` }}
      onMouseDown={(e) => e.preventDefault()}
    >
      <span class="selection-toolbar-label">Highlight</span>
      <For each={ANNOTATION_COLORS}>
        {(c) => (
          <button class="swatch" aria-label={`Highlight ${c}`} title={`Highlight (${c})`} style={{ background: HIGHLIGHT_FILL[c] }} onClick={() => void props.ann.highlight(c, take())} />
        )}
      </For>
      <button class="selection-note-btn" onClick={() => props.ann.setEditing({ x: props.sel.x, y: props.sel.y, color: 'yellow', anchor: take() })}>
        Add note
      </button>
    </div>
  );
}
