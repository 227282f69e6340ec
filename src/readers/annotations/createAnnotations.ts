import { createSignal } from 'solid-js';
import type { Annotation, AnnotationAnchor, AnnotationColor, AnnotationInput } from '../../domain/annotations';
import { sortAnnotations } from '../../domain/annotationOrder';
import type { AnnotationStore } from '../types';
import type { ActiveHighlight } from './HighlightMenu';
import type { PendingSelection } from './SelectionToolbar';

/** What a reader tells the annotations about its place. */
export interface ReaderPlace {
  /** Whether a bookmark marks the place shown now (reactive). */
  isHere: (a: Annotation) => boolean;
  /** The anchor of a bookmark for the place shown now, or null before the book is shown. */
  hereAnchor: () => AnnotationAnchor | null;
  jump: (a: Annotation) => void;
}

/** Highlight fills: light enough for black text, and still visible on the dark theme's page. */
export const HIGHLIGHT_FILL: Record<AnnotationColor, string> = {
  yellow: '#ffd84d',
  green: '#7bd88f',
  blue: '#7cb8ff',
  pink: '#ff8fc7',
};

/**
 * The open book's annotations as a reader sees them: loaded once, kept in book order, changed
 * through the store (so the list shows what was written), plus the panel and selection state.
 */
export function createAnnotations(store: AnnotationStore | undefined, place: ReaderPlace) {
  const [list, setList] = createSignal<Annotation[]>([]);
  const [panelOpen, setPanelOpen] = createSignal(false);
  const [pending, setPending] = createSignal<PendingSelection | null>(null);
  const [active, setActive] = createSignal<ActiveHighlight | null>(null);
  const [unplaced, setUnplaced] = createSignal<ReadonlySet<string>>(new Set());

  const load = async () => {
    if (!store) return [];
    const all = sortAnnotations(await store.list());
    setList(all);
    return all;
  };
  const save = async (input: AnnotationInput) => {
    const saved = await store!.save(input);
    setList((l) => sortAnnotations([...l.filter((a) => a.id !== saved.id), saved]));
    return saved;
  };
  const remove = async (id: string) => {
    await store!.remove(id);
    setList((l) => l.filter((a) => a.id !== id));
  };
  const bookmarkHere = () => list().find((a) => a.kind === 'bookmark' && place.isHere(a));
  const toggleBookmark = async () => {
    const b = bookmarkHere();
    if (b) return remove(b.id);
    const anchor = place.hereAnchor();
    if (anchor) await save({ kind: 'bookmark', color: null, note: null, anchor });
  };
  const markUnplaced = (id: string) => setUnplaced((s) => new Set([...s, id]));

  return {
    enabled: !!store,
    list,
    load,
    highlight: (color: AnnotationColor, anchor: AnnotationAnchor) => save({ kind: 'highlight', color, note: null, anchor }),
    remove,
    panelOpen,
    togglePanel: () => setPanelOpen(!panelOpen()),
    closePanel: () => setPanelOpen(false),
    pending,
    setPending,
    active,
    setActive,
    recolor: async (a: Annotation, color: AnnotationColor) => {
      setActive(null);
      return save({ id: a.id, kind: a.kind, color, note: a.note, anchor: a.anchor });
    },
    unplaced,
    markUnplaced,
    bookmarked: () => bookmarkHere() != null,
    toggleBookmark,
    pick: (a: Annotation) => place.jump(a),
  };
}
export type Annotations = ReturnType<typeof createAnnotations>;
