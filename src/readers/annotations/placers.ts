/**
 * The book as it is now, for src/domain/annotationPlacement.ts: a PDF's page text from pdf.js, an
 * EPUB's chapter text from epub.js (the same body text the reader measures quotes in).
 */
import type { Book } from 'epubjs';
import type Section from 'epubjs/types/section';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { Annotation } from '../../domain/annotations';
import { placeEpubAnnotation, placePdfAnnotation, type EpubTextSource, type PdfPageSource } from '../../domain/annotationPlacement';
import type { PdfTextItem } from '../../domain/pdfPageText';
import type { Placer } from './createAnnotations';

function pdfSource(doc: PDFDocumentProxy): PdfPageSource {
  return {
    pageCount: doc.numPages,
    page: async (n) => {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = content.items.filter((i): i is PdfTextItem & (typeof content.items)[number] => 'str' in i);
      return { items, height: page.getViewport({ scale: 1 }).height };
    },
  };
}

export function pdfPlacer(doc: PDFDocumentProxy, currentHash: string | null | undefined): Placer {
  const source = pdfSource(doc);
  return async (a: Annotation) => {
    const p = await placePdfAnnotation(a, currentHash ?? a.bookHash, source);
    return { anchor: p.at && { ...a.anchor, page: p.at.page, rects: a.kind === 'bookmark' ? a.anchor.rects : p.at.rects, label: `Page ${p.at.page}` }, moved: p.moved };
  };
}

/** The DOM range of text[start, end) in `root`'s text (as textContent counts it). */
function rangeOfText(root: Element, start: number, end: number): Range {
  const doc = root.ownerDocument;
  const range = doc.createRange();
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = n.textContent?.length ?? 0;
    if (seen <= start && start <= seen + len) range.setStart(n, start - seen);
    if (seen <= end && end <= seen + len) {
      range.setEnd(n, end - seen);
      break;
    }
    seen += len;
  }
  return range;
}

function epubSource(book: Book): EpubTextSource {
  const spine = book.spine as unknown as { spineItems: Section[]; get(t: string | number): Section | null };
  const load = book.load.bind(book) as (url: string) => Promise<object>;
  return {
    textAt: async (cfi) => {
      try {
        const range = await book.getRange(cfi);
        return range ? range.toString() : null;
      } catch {
        return null;
      }
    },
    sectionOf: (cfi) => {
      try {
        return spine.get(cfi)?.index ?? null;
      } catch {
        return null;
      }
    },
    sectionCount: spine.spineItems.length,
    section: async (i) => {
      const section = spine.spineItems[i];
      if (!section) return null;
      const root = (await section.load(load)) as unknown as Element;
      const body = root.ownerDocument.body ?? root.querySelector('body') ?? root;
      return { index: i, text: body.textContent ?? '', cfiOf: (start, end) => section.cfiFromRange(rangeOfText(body, start, end)) };
    },
  };
}

export function epubPlacer(book: Book, currentHash: string | null | undefined): Placer {
  const source = epubSource(book);
  return async (a: Annotation) => {
    const p = await placeEpubAnnotation(a, currentHash ?? a.bookHash, source);
    return { anchor: p.at ? { ...a.anchor, cfi: p.at } : null, moved: p.moved };
  };
}
