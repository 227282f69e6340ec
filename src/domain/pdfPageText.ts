/**
 * A PDF page's text as pdf.js gives it (getTextContent items), joined into one string for quote
 * search, and the way back from a character range to rectangles on the page.
 */
import type { PageRect } from './annotations';

/** The fields of a pdf.js TextItem this needs. */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, e, f]: e, f is the baseline start in PDF user space (origin bottom-left). */
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

export interface PageText {
  text: string;
  /** Offset in `text` where each item starts. */
  starts: number[];
}

export function pageText(items: readonly PdfTextItem[]): PageText {
  let text = '';
  const starts: number[] = [];
  for (const it of items) {
    starts.push(text.length);
    text += it.str;
    // The text layer shows a line break as one; keep words of separate items apart for search.
    if (it.hasEOL) text += '\n';
  }
  return { text, starts };
}

/**
 * Rectangles covering text[start, end) on a page `pageHeight` units tall (scale 1, origin top
 * left, as the anchor stores them). Within an item, characters are taken as equally wide: a
 * re-anchored highlight may be a little off horizontally, never on the wrong line.
 */
export function rectsForRange(items: readonly PdfTextItem[], page: PageText, start: number, end: number, pageHeight: number): PageRect[] {
  const rects: PageRect[] = [];
  items.forEach((it, i) => {
    const s = page.starts[i]!;
    const e = s + it.str.length;
    if (!it.str.length || e <= start || s >= end) return;
    const from = Math.max(start, s) - s;
    const to = Math.min(end, e) - s;
    const [, , c = 0, d = 0, x = 0, y = 0] = it.transform;
    const height = it.height || Math.hypot(c, d);
    const per = it.width / it.str.length;
    rects.push({ x: x + from * per, y: pageHeight - y - height, width: (to - from) * per, height });
  });
  return rects;
}
