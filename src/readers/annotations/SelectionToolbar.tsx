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
/** Where a floating toolbar `width` pixels wide goes, just below the point, kept on screen. */
export function floatingAt(p: { x: number; y: number }, width: number) {
  return { left: `${Math.max(8, Math.min(p.x, window.innerWidth - width))}px`, top: `${Math.min(p.y + 8, window.innerHeight - 56)}px` };
}

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
      style={floatingAt(props.sel, 300)}
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
