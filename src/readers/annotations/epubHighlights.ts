import type { Contents, Rendition } from 'epubjs';
import type { Annotation } from '../../domain/annotations';
import { compareCfi } from '../../domain/annotationOrder';
import type { Relocation } from '../epub/epubPosition';
import { HIGHLIGHT_FILL, type Annotations } from './createAnnotations';
import { quoteOfRange } from './quoteOfRange';

/** Whether a bookmark's CFI falls on the page shown. */
export function epubIsHere(a: Annotation, loc: Relocation | null): boolean {
  const cfi = a.anchor.cfi;
  if (!cfi || !loc) return false;
  return compareCfi(cfi, loc.start.cfi) >= 0 && compareCfi(cfi, loc.end.cfi) <= 0;
}

/** Draws a highlight with epub.js (one class name: marks-pane adds it with classList.add), which keeps it across re-layouts (font size, theme, resize). */
export function drawEpubHighlight(r: Rendition, ann: Annotations, a: Annotation) {
  if (a.kind === 'bookmark' || !a.anchor.cfi || !ann.isPlaced(a)) return;
  try {
    r.annotations.remove(a.anchor.cfi, 'highlight');
    r.annotations.highlight(a.anchor.cfi, { id: a.id }, (e: Event) => {
        const box = (e.currentTarget as Element).getBoundingClientRect();
        ann.setActive({ annotation: ann.list().find((x) => x.id === a.id) ?? a, x: box.left, y: box.bottom });
      }, 'annot-hl', {
      fill: HIGHLIGHT_FILL[a.color ?? 'yellow'],
      'fill-opacity': '0.4',
      'mix-blend-mode': 'multiply',
    });
  } catch {
    ann.markUnplaced(a.id);
  }
}

/** After a change: draws it again in its new colour, or takes it away. */
export function redrawEpubHighlight(r: Rendition | undefined, ann: Annotations, a: Annotation, removed: boolean) {
  if (!r || !a.anchor.cfi) return;
  if (removed) r.annotations.remove(a.anchor.cfi, 'highlight');
  else drawEpubHighlight(r, ann, a);
}

/** Draws every placed highlight (once they are placed, and into each new rendition). */
export function drawEpubHighlights(r: Rendition | undefined, ann: Annotations) {
  if (r) for (const a of ann.list()) drawEpubHighlight(r, ann, a);
}

/**
 * Wires a (new) rendition: a selection in a chapter offers the selection toolbar, and the
 * book's highlights are drawn.
 */
export function attachEpubAnnotations(r: Rendition, ann: Annotations, chapterLabel: () => string | null) {
  if (!ann.enabled) return;
  r.on('selected', (cfiRange: string, contents: Contents) => {
    const range = r.getRange(cfiRange);
    if (!range || range.collapsed) return;
    const frame = contents.window.frameElement?.getBoundingClientRect();
    const box = range.getBoundingClientRect();
    ann.setPending({
      x: (frame?.left ?? 0) + box.left,
      y: (frame?.top ?? 0) + box.bottom,
      anchor: () => ({ cfi: cfiRange, page: null, quote: quoteOfRange(range, contents.document.body), rects: null, label: chapterLabel() }),
      clear: () => contents.window.getSelection()?.removeAllRanges(),
    });
  });
  r.hooks.content.register((contents: Contents) => {
    contents.document.addEventListener('selectionchange', () => {
      if (contents.window.getSelection()?.isCollapsed) ann.setPending(null);
    });
  });
  r.on('relocated', () => ann.setPending(null));
  drawEpubHighlights(r, ann);
}
