import { createEffect, onCleanup } from 'solid-js';
import type { Annotation, PageRect } from '../../domain/annotations';
import type { PdfView } from '../pdf/pdfViewer';
import { HIGHLIGHT_FILL, type Annotations } from './createAnnotations';
import { quoteOfRange } from './quoteOfRange';

const LAYER = 'pdf-annot-layer';

/** The selection's rectangles in page units (CSS px at scale 1), without the duplicates a range reports per element. */
function rangeRects(range: Range, origin: DOMRect, scale: number): PageRect[] {
  const seen = new Set<string>();
  const out: PageRect[] = [];
  for (const r of range.getClientRects()) {
    if (r.width < 0.5 || r.height < 0.5) continue;
    const rect = { x: (r.left - origin.left) / scale, y: (r.top - origin.top) / scale, width: r.width / scale, height: r.height / scale };
    const key = [rect.x, rect.y, rect.width, rect.height].map((n) => Math.round(n)).join();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(rect);
  }
  return out;
}

/**
 * PDF highlights: a selection in a page's text layer offers the selection toolbar; highlights are
 * drawn per page under the text layer, from page units times the page's scale, again whenever
 * pdf.js renders a page (zoom, scrolling back to a page it had dropped).
 */
export function attachPdfAnnotations(view: () => PdfView | undefined, container: () => HTMLElement | undefined, ann: Annotations) {
  if (!ann.enabled) return;

  const drawPage = (n: number) => {
    const pageView = view()?.viewer.getPageView(n - 1) as { div: HTMLElement; viewport: { scale: number } } | undefined;
    if (!pageView?.div) return;
    pageView.div.querySelector(`.${LAYER}`)?.remove();
    const mine = ann.list().filter((a: Annotation) => a.anchor.page === n && a.anchor.rects?.length && a.kind !== 'bookmark' && ann.isPlaced(a));
    if (!mine.length) return;
    const layer = document.createElement('div');
    layer.className = LAYER;
    const s = pageView.viewport.scale;
    for (const a of mine) {
      for (const r of a.anchor.rects!) {
        const mark = document.createElement('div');
        mark.className = 'pdf-annot-rect';
        mark.dataset.annotationId = a.id;
        Object.assign(mark.style, { left: `${r.x * s}px`, top: `${r.y * s}px`, width: `${r.width * s}px`, height: `${r.height * s}px`, background: HIGHLIGHT_FILL[a.color ?? 'yellow'] });
        layer.append(mark);
      }
    }
    pageView.div.insertBefore(layer, pageView.div.querySelector('.textLayer'));
  };
  const drawAll = () => container()?.querySelectorAll<HTMLElement>('.page[data-page-number]').forEach((p) => drawPage(Number(p.dataset.pageNumber)));

  const onRendered = (e: { pageNumber: number }) => drawPage(e.pageNumber);
  const listen = () => {
    const bus = view()?.eventBus;
    bus?.on('pagerendered', onRendered);
    bus?.on('textlayerrendered', onRendered);
  };
  createEffect(() => {
    ann.list();
    ann.placed();
    drawAll();
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const onSelection = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const sel = document.getSelection();
      if (!sel || sel.isCollapsed || !sel.rangeCount) return ann.setPending(null);
      const range = sel.getRangeAt(0);
      const start = range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement;
      const textLayer = start?.closest('.textLayer');
      const pageDiv = textLayer?.closest<HTMLElement>('.page[data-page-number]');
      if (!textLayer || !pageDiv || !container()?.contains(pageDiv)) return ann.setPending(null);
      const page = Number(pageDiv.dataset.pageNumber);
      const pageView = view()?.viewer.getPageView(page - 1) as { viewport: { scale: number } } | undefined;
      if (!pageView) return;
      const box = range.getBoundingClientRect();
      ann.setPending({
        x: box.left,
        y: box.bottom,
        anchor: () => ({ cfi: null, page, quote: quoteOfRange(range, textLayer), rects: rangeRects(range, textLayer.getBoundingClientRect(), pageView.viewport.scale), label: `Page ${page}` }),
        clear: () => sel.removeAllRanges(),
      });
    }, 150);
  };
  // Highlights lie under the text layer (so text stays selectable): find one under a plain click.
  const onClick = (e: MouseEvent) => {
    if (!document.getSelection()?.isCollapsed || !container()?.contains(e.target as Node)) return;
    const hit = [...(container()?.querySelectorAll<HTMLElement>('.pdf-annot-rect') ?? [])].find((m) => {
      const b = m.getBoundingClientRect();
      return e.clientX >= b.left && e.clientX <= b.right && e.clientY >= b.top && e.clientY <= b.bottom;
    });
    const a = hit && ann.list().find((x) => x.id === hit.dataset.annotationId);
    ann.setActive(a ? { annotation: a, x: e.clientX, y: e.clientY } : null);
  };
  document.addEventListener('selectionchange', onSelection);
  document.addEventListener('click', onClick, true);
  onCleanup(() => {
    document.removeEventListener('click', onClick, true);
    clearTimeout(timer);
    document.removeEventListener('selectionchange', onSelection);
  });
  return { listen };
}
