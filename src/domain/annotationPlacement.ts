/**
 * Placing stored annotations on the book as it is now. The fast path trusts the stored place
 * (CFI, or page + rectangles) while the file is the one they were made on; otherwise, or when
 * the stored place no longer holds the quoted text, the quote is searched. What cannot be
 * placed comes back as such, to be listed as "Could not be placed", never dropped.
 */
import type { Annotation, PageRect } from './annotations';
import { findQuote } from './textQuote';
import { pageText, rectsForRange, type PdfTextItem } from './pdfPageText';

export type Placement<T> = { annotation: Annotation; at: T; moved: boolean } | { annotation: Annotation; at: null; moved: false };

function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}

// ---- PDF ----

export interface PdfPageSource {
  pageCount: number;
  /** Text items and height (scale 1) of page n (1-based). */
  page(n: number): Promise<{ items: PdfTextItem[]; height: number }>;
}

export interface PdfPlace {
  page: number;
  rects: PageRect[];
}

/** Numbers to search: the stored one, then outwards from it, at most `reach` either side. */
function pagesFrom(page: number, count: number, reach = Infinity): number[] {
  const out = [page];
  for (let d = 1; d <= reach && (page - d >= 1 || page + d <= count); d++) {
    if (page - d >= 1) out.push(page - d);
    if (page + d <= count) out.push(page + d);
  }
  return out.filter((p) => p >= 1 && p <= count);
}

/**
 * Pages either side of the stored one searched for a quote: a new edition shifts pages a little;
 * reading every page of a 1,000-page PDF for each lost highlight would stall the reader.
 */
export const PDF_SEARCH_REACH = 8;

export async function placePdfAnnotation(a: Annotation, currentHash: string, pdf: PdfPageSource): Promise<Placement<PdfPlace>> {
  const { page, quote, rects } = a.anchor;
  const valid = page != null && page >= 1 && page <= pdf.pageCount;
  if (a.kind === 'bookmark' || !quote) return valid ? { annotation: a, at: { page: page!, rects: [] }, moved: false } : { annotation: a, at: null, moved: false };
  if (valid && a.bookHash === currentHash && rects?.length) return { annotation: a, at: { page: page!, rects }, moved: false };
  for (const n of pagesFrom(valid ? page! : 1, pdf.pageCount, PDF_SEARCH_REACH)) {
    const { items, height } = await pdf.page(n);
    const text = pageText(items);
    const m = findQuote(text.text, quote);
    if (m) return { annotation: a, at: { page: n, rects: rectsForRange(items, text, m.start, m.end, height) }, moved: n !== page || a.bookHash !== currentHash };
  }
  return { annotation: a, at: null, moved: false };
}

// ---- EPUB ----

export interface EpubSectionText {
  /** Spine position. */
  index: number;
  text: string;
  /** The CFI of text[start, end) in this section. */
  cfiOf(start: number, end: number): string;
}

export interface EpubTextSource {
  /** The text the CFI points at now, or null when it no longer resolves. */
  textAt(cfi: string): Promise<string | null>;
  /** Spine position of a CFI's section, or null. */
  sectionOf(cfi: string): number | null;
  sectionCount: number;
  section(index: number): Promise<EpubSectionText | null>;
}

export async function placeEpubAnnotation(a: Annotation, currentHash: string, epub: EpubTextSource): Promise<Placement<string>> {
  const { cfi, quote } = a.anchor;
  if (cfi && (a.kind === 'bookmark' || !quote)) {
    return (await epub.textAt(cfi)) !== null ? { annotation: a, at: cfi, moved: false } : { annotation: a, at: null, moved: false };
  }
  if (!quote) return { annotation: a, at: null, moved: false };
  if (cfi) {
    // Same file: the CFI is right by construction; a changed file must still show the quote there.
    const there = a.bookHash === currentHash ? '' : await epub.textAt(cfi);
    if (a.bookHash === currentHash || (there !== null && sameText(there, quote.exact))) return { annotation: a, at: cfi, moved: false };
  }
  const first = cfi ? epub.sectionOf(cfi) : null;
  for (const i of pagesFrom((first ?? 0) + 1, epub.sectionCount).map((n) => n - 1)) {
    const s = await epub.section(i);
    if (!s) continue;
    const m = findQuote(s.text, quote);
    if (m) return { annotation: a, at: s.cfiOf(m.start, m.end), moved: true };
  }
  return { annotation: a, at: null, moved: false };
}
