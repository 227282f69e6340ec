import { onMount } from 'solid-js';
import type { Annotation, AnnotationAnchor, AnnotationColor } from '../../domain/annotations';

/** A note being written: on a new highlight (anchor and colour), or on an existing annotation. */
export interface NoteDraft {
  x: number;
  y: number;
  anchor: AnnotationAnchor;
  color: AnnotationColor | null;
  annotation?: Annotation;
}

/** A small form over the page: the note's text, saved with Ctrl+Enter or "Save note", Escape cancels. */
export function NoteEditor(props: { draft: NoteDraft; save: (text: string) => void; cancel: () => void }) {
  let area!: HTMLTextAreaElement;
  onMount(() => area.focus());
  const quote = () => props.draft.anchor.quote?.exact;
  return (
    <form
      class="note-editor"
      role="dialog"
      aria-label="Note"
      style={{ left: `${Math.max(8, Math.min(props.draft.x, window.innerWidth - 340))}px`, top: `${Math.max(8, Math.min(props.draft.y + 8, window.innerHeight - 260))}px` }}
      onSubmit={(e) => {
        e.preventDefault();
        props.save(area.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.cancel();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          props.save(area.value);
        }
      }}
    >
      {quote() && <q class="annot-quote note-editor-quote">{quote()}</q>}
      <label class="note-editor-label">
        Note
        <textarea ref={area} rows={4} maxLength={20000} value={props.draft.annotation?.note ?? ''} />
      </label>
      <div class="note-editor-actions">
        <button type="submit" class="primary">Save note</button>
        <button type="button" onClick={() => props.cancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
