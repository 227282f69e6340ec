import { createSignal } from 'solid-js';
import type { Annotation, AnnotationAnchor, AnnotationColor, AnnotationInput } from '../../domain/annotations';
import { sortAnnotations } from '../../domain/annotationOrder';
import type { AnnotationStore } from '../types';
import type { ActiveHighlight } from './HighlightMenu';
import type { NoteDraft } from './NoteEditor';
import type { PendingSelection } from './SelectionToolbar';

/** What a reader tells the annotations about its place. */
export interface ReaderPlace {
  /** Whether a bookmark marks the place shown now (reactive). */
  isHere: (a: Annotation) => boolean;
  /** The anchor of a bookmark for the place shown now, or null before the book is shown. */
  hereAnchor: () => AnnotationAnchor | null;
  jump: (a: Annotation) => void;
  /** Draws a changed highlight again, or takes a removed one away (PDF pages redraw from the list). */
  redraw?: (a: Annotation, removed: boolean) => void;
}

/** Where a stored annotation sits in the book as it is now: null when its text is no longer there. */
export type Placer = (a: Annotation) => Promise<{ anchor: AnnotationAnchor | null; moved: boolean }>;

/** Highlight fills: light enough for black text, and still visible on the dark theme's page. */
export const HIGHLIGHT_FILL: Record<AnnotationColor, string> = {
  yellow: '#ffd84d',
  green: '#7bd88f',
  blue: '#7cb8ff',
  pink: '#ff8fc7',
};

/** The id in a link made by the Markdown export (`/read/<book>#annotation=<id>`). */
const linkedId = () => /(?:^#|&)annotation=([\w-]+)/.exec(window.location.hash)?.[1] ?? null;

/**
 * The open book's annotations as a reader sees them: loaded once, kept in book order, changed
 * through the store (so the list shows what was written), plus the panel, selection and note state.
 */
export function createAnnotations(store: AnnotationStore | undefined, place: ReaderPlace) {
  const [list, setList] = createSignal<Annotation[]>([]);
  const [panelOpen, setPanelOpen] = createSignal(false);
  const [pending, setPending] = createSignal<PendingSelection | null>(null);
  const [active, setActive] = createSignal<ActiveHighlight | null>(null);
  const [editing, setEditing] = createSignal<NoteDraft | null>(null);
  const [unplaced, setUnplaced] = createSignal<ReadonlySet<string>>(new Set());
  // Only what is placed on the book as it is now is drawn: a changed file's stale places would mislead.
  const [placed, setPlaced] = createSignal<ReadonlySet<string>>(new Set());
  const add = (set: ReadonlySet<string>, id: string) => new Set([...set, id]);
  let loaded: Promise<Annotation[]> | undefined;

  const load = () =>
    (loaded ??= store
      ? store.list().then((all) => {
          setList(sortAnnotations(all));
          return list();
        })
      : Promise.resolve([]));
  const save = async (input: AnnotationInput) => {
    const saved = await store!.save(input);
    setList((l) => sortAnnotations([...l.filter((a) => a.id !== saved.id), saved]));
    setPlaced((s) => add(s, saved.id));
    place.redraw?.(saved, false);
    return saved;
  };
  const remove = async (a: Annotation) => {
    await store!.remove(a.id);
    setList((l) => l.filter((x) => x.id !== a.id));
    place.redraw?.(a, true);
  };
  const bookmarkHere = () => list().find((a) => a.kind === 'bookmark' && !unplaced().has(a.id) && place.isHere(a));
  const toggleBookmark = async () => {
    const b = bookmarkHere();
    if (b) return remove(b);
    const anchor = place.hereAnchor();
    if (anchor) await save({ kind: 'bookmark', color: null, note: null, anchor });
  };

  /**
   * Places every stored annotation on the book as it is now (src/domain/annotationPlacement.ts):
   * one that moved is saved at its new place (so it is found directly next time), one that cannot
   * be placed is kept and listed as such. Then opens the one a link names.
   */
  const reanchor = async (placer: Placer) => {
    for (const a of await load()) {
      const p = await placer(a).catch(() => ({ anchor: null, moved: false }));
      if (!p.anchor) setUnplaced((s) => add(s, a.id));
      else if (p.moved) await save({ id: a.id, kind: a.kind, color: a.color, note: a.note, anchor: p.anchor }).catch((e) => console.warn('A moved annotation could not be saved', e));
      else {
        setPlaced((s) => add(s, a.id));
        place.redraw?.(a, false);
      }
    }
    const linked = list().find((a) => a.id === linkedId());
    if (linked && placed().has(linked.id)) place.jump(linked);
  };

  /** Writes the note of a draft: a new highlight with its note, or a changed note (empty: no note). */
  const saveNote = async (draft: NoteDraft, text: string) => {
    const note = text.trim() || null;
    const a = draft.annotation;
    setEditing(null);
    if (a) return save({ id: a.id, kind: a.kind === 'bookmark' ? 'bookmark' : note ? 'note' : 'highlight', color: a.color, note, anchor: a.anchor });
    return save({ kind: note ? 'note' : 'highlight', color: draft.color, note, anchor: draft.anchor });
  };

  return {
    enabled: !!store,
    list,
    load,
    reanchor,
    highlight: (color: AnnotationColor, anchor: AnnotationAnchor) => save({ kind: 'highlight', color, note: null, anchor }),
    remove,
    panelOpen,
    togglePanel: () => setPanelOpen(!panelOpen()),
    closePanel: () => setPanelOpen(false),
    pending,
    setPending,
    active,
    setActive,
    editing,
    setEditing,
    saveNote,
    recolor: async (a: Annotation, color: AnnotationColor) => {
      setActive(null);
      return save({ id: a.id, kind: a.kind, color, note: a.note, anchor: a.anchor });
    },
    unplaced,
    markUnplaced: (id: string) => setUnplaced((s) => add(s, id)),
    placed,
    /** Whether to draw it: placed on the book as it is now. */
    isPlaced: (a: Annotation) => placed().has(a.id) && !unplaced().has(a.id),
    bookmarked: () => bookmarkHere() != null,
    toggleBookmark,
    pick: (a: Annotation) => place.jump(a),
  };
}
export type Annotations = ReturnType<typeof createAnnotations>;
