import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import type { ScaleValue } from './zoom';

/** CSS pixels per PDF point (pdf.js's PixelsPerInch.PDF_TO_CSS_UNITS). */
const PDF_TO_CSS = 96 / 72;
// pdf.js's PDFViewer constants (web/ui_utils.js), repeated so the preview's size matches its pages.
const MAX_AUTO_SCALE = 1.25;
const SCROLLBAR_PADDING = 40;
const VERTICAL_PADDING = 5;
/** Above this many canvas pixels the preview is drawn at a lower resolution (pdf.js's own cap is 2^25). */
const MAX_PIXELS = 16 * 1024 * 1024;

/**
 * The scale PDFViewer will pick for `value` for a page `w` × `h` CSS px at 100 % in a container
 * of `clientW` × `clientH` (its currentScaleValue, portrait and landscape as pdf.js does).
 */
export function viewerScale(value: ScaleValue, w: number, h: number, clientW: number, clientH: number): number {
  if (typeof value === 'number') return value;
  const widthScale = (clientW - SCROLLBAR_PADDING) / w;
  const heightScale = (clientH - VERTICAL_PADDING) / h;
  if (value === 'page-width') return widthScale;
  if (value === 'page-fit') return Math.min(widthScale, heightScale);
  return Math.min(MAX_AUTO_SCALE, w <= h ? widthScale : Math.min(widthScale, heightScale));
}

/** Width of a classic scrollbar here (0 where scrollbars overlay the content). */
function scrollbarWidth(host: HTMLElement): number {
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;top:0;left:0;width:100px;height:100px;overflow:scroll;visibility:hidden';
  host.append(probe);
  const w = probe.offsetWidth - probe.clientWidth;
  probe.remove();
  return w;
}

export interface PagePreview {
  /** Resolves true once the page is drawn and shown, false if it was cancelled first. */
  shown: Promise<boolean>;
  /** Lines the preview up with the viewer's own page box, once the viewer has laid its pages out. */
  align(pageEl: HTMLElement): void;
  /** Takes the preview away (the viewer drew the page itself, or it is no longer wanted). */
  remove(): void;
}

/**
 * Page `n` drawn straight onto a canvas of its own the moment the document is open, in the place
 * PDFViewer will put it, while the viewer still builds its page views (1,221 of them for a long
 * book) and before its rendering queue gets to the page. pdf.js keeps one operator list per page
 * and rendering intent, so the viewer's own drawing of the page reuses this one's (fonts included)
 * instead of asking the worker again. `host` is the viewer's scroll container: the preview
 * scrolls with the pages and lets the pointer through to the text layer.
 */
export function showPagePreview(doc: PDFDocumentProxy, n: number, host: HTMLElement, opts: { scale: ScaleValue; continuous: boolean; top: number }): PagePreview {
  const el = document.createElement('canvas');
  el.className = 'pdf-page-preview';
  el.setAttribute('aria-hidden', 'true');
  let task: RenderTask | undefined;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    task?.cancel();
    el.remove();
    el.width = el.height = 0;
  };
  const shown = (async () => {
    const page = await doc.getPage(n);
    if (removed) return false;
    const base = page.getViewport({ scale: PDF_TO_CSS });
    // The viewer's pages will make the container scroll (several pages one under the other, or
    // a page taller than it): the viewer's scale is then taken on its width without the bar.
    const overflows = (opts.continuous && doc.numPages > 1) || base.height > host.clientHeight;
    const clientW = host.clientWidth - (overflows && host.scrollHeight <= host.clientHeight ? scrollbarWidth(host) : 0);
    const scale = viewerScale(opts.scale, base.width, base.height, clientW, host.clientHeight);
    if (!(scale > 0)) return false;
    const viewport = page.getViewport({ scale: scale * PDF_TO_CSS });
    const cssW = Math.floor(viewport.width);
    const cssH = Math.floor(viewport.height);
    const dpr = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_PIXELS / (cssW * cssH)));
    el.width = Math.floor(viewport.width * dpr);
    el.height = Math.floor(viewport.height * dpr);
    Object.assign(el.style, { left: `${Math.max(0, (clientW - cssW) / 2)}px`, top: `${opts.top}px`, width: `${cssW}px`, height: `${cssH}px` });
    const ctx = el.getContext('2d', { alpha: false });
    if (!ctx) return false;
    task = page.render({ canvas: el, canvasContext: ctx, viewport, transform: dpr !== 1 ? [dpr, 0, 0, dpr, 0, 0] : undefined });
    try {
      await task.promise;
    } catch {
      return false; // cancelled (the viewer drew the page first) or failed: the viewer shows the page
    }
    if (removed) return false;
    host.append(el);
    return true;
  })().catch(() => false);
  return {
    shown,
    remove,
    align(pageEl) {
      if (removed) return;
      const c = host.getBoundingClientRect();
      const r = pageEl.getBoundingClientRect();
      Object.assign(el.style, {
        left: `${r.left - c.left + host.scrollLeft + pageEl.clientLeft}px`,
        top: `${r.top - c.top + host.scrollTop + pageEl.clientTop}px`,
        width: `${pageEl.clientWidth}px`,
        height: `${pageEl.clientHeight}px`,
      });
    },
  };
}
