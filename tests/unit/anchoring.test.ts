import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findQuote, quoteAround } from '../../src/domain/textQuote';
import { compareCfi, sortAnnotations } from '../../src/domain/annotationOrder';
import { placeEpubAnnotation, placePdfAnnotation, type EpubTextSource, type PdfPageSource } from '../../src/domain/annotationPlacement';
import type { Annotation, AnnotationAnchor } from '../../src/domain/annotations';
import { loadPdfJs } from '../../src/ingest/extract/loadPdfJs';
import type { PdfTextItem } from '../../src/domain/pdfPageText';

const ORIGINAL =
  'Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse, and nothing ' +
  'particular to interest me on shore, I thought I would sail about a little and see the watery part of the world. ' +
  'It is a way I have of driving off the spleen and regulating the circulation. The watery part of the world is vast.';

function annotation(anchor: Partial<AnnotationAnchor>, over: Partial<Annotation> = {}): Annotation {
  return {
    id: crypto.randomUUID(), userId: 'u', bookId: 'b', bookHash: 'old', kind: 'highlight', color: 'yellow', note: null,
    anchor: { cfi: null, page: null, quote: null, rects: null, label: null, ...anchor }, createdAt: 1, updatedAt: 1, ...over,
  };
}

describe('text-quote anchoring', () => {
  const start = ORIGINAL.indexOf('the watery part of the world');
  const quote = quoteAround(ORIGINAL, start, start + 'the watery part of the world'.length);

  it('finds the passage in the same text, choosing the repeat whose context matches', () => {
    expect(quote.prefix.endsWith('little and see ')).toBe(true);
    const m = findQuote(ORIGINAL, quote)!;
    expect(m).toEqual({ start, end: start + 28, errors: 0 });
    // The second "watery part of the world" has a different context: not chosen.
    const lower = ORIGINAL.lastIndexOf('watery part of the world');
    expect(findQuote(ORIGINAL, { ...quote, exact: 'watery part of the world', prefix: 'circulation. The ', suffix: ' is vast.' })!.start).toBe(lower);
  });

  it('re-anchors in a new edition: text moved, whitespace changed, a word corrected inside the quote', () => {
    const edited =
      'CHAPTER 1. Loomings.\n\n' +
      ORIGINAL.replace('Some years ago', 'Some   years\n ago').replace('sail about a little and see the watery part', 'sail about a little and see the watry part');
    const m = findQuote(edited, quote)!;
    expect(m).not.toBeNull();
    expect(m.errors).toBe(1);
    expect(edited.slice(m.start, m.end)).toBe('the watry part of the world');
    const ws = findQuote(edited, quoteAround(ORIGINAL, 8, 31))!; // "Ishmael. Some years ago"
    expect(edited.slice(ws.start, ws.end)).toBe('Ishmael. Some   years\n ago');
  });

  it('gives up rather than guess when the passage is gone', () => {
    const gone = ORIGINAL.replace('I thought I would sail about a little and see the watery part of the world. ', '');
    expect(findQuote(gone, quoteAround(ORIGINAL, ORIGINAL.indexOf('I thought'), ORIGINAL.indexOf('I thought') + 40))).toBeNull();
  });
});

describe('book order', () => {
  it('orders CFIs by their steps, ranges by their start, and PDF annotations by page then position', () => {
    expect(compareCfi('epubcfi(/6/4!/4/10,/1:5,/1:9)', 'epubcfi(/6/4!/4/2,/1:0,/1:3)')).toBeGreaterThan(0);
    expect(compareCfi('epubcfi(/6/12!/4/2/1:0)', 'epubcfi(/6/4!/4/10/1:0)')).toBeGreaterThan(0);
    expect(compareCfi('epubcfi(/6/4[ch1]!/4/2,/1:3,/1:9)', 'epubcfi(/6/4!/4/2,/1:10,/1:12)')).toBeLessThan(0);
    const low = annotation({ page: 2, rects: [{ x: 10, y: 500, width: 5, height: 5 }] });
    const high = annotation({ page: 2, rects: [{ x: 10, y: 100, width: 5, height: 5 }] });
    const mark = annotation({ page: 2 }, { kind: 'bookmark' });
    const first = annotation({ page: 1, rects: [{ x: 0, y: 900, width: 5, height: 5 }] });
    expect(sortAnnotations([low, high, mark, first]).map((a) => a.id)).toEqual([first.id, mark.id, high.id, low.id]);
  });
});

async function pdfSource(path: string): Promise<PdfPageSource> {
  const pdfjs = await loadPdfJs();
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), isEvalSupported: false }).promise;
  return {
    pageCount: doc.numPages,
    async page(n) {
      const p = await doc.getPage(n);
      const content = await p.getTextContent();
      return { items: content.items.filter((i): i is PdfTextItem & typeof i => 'str' in i) as PdfTextItem[], height: p.getViewport({ scale: 1 }).height };
    },
  };
}

describe('PDF placement (pdf.js on R-intro.pdf)', () => {
  it('same file: the stored page and rectangles; changed file: finds the quote on the page, then on other pages', async () => {
    const pdf = await pdfSource('tests/fixtures/R-intro.pdf');
    const p5 = await pdf.page(5);
    const text = p5.items.map((i) => i.str).join('');
    expect(text.length).toBeGreaterThan(200);
    const item = p5.items.find((i) => i.str.length > 40 && /[a-z]{4} [a-z]{3}/.test(i.str))!;
    const exact = item.str.slice(5, 25);
    const rects = [{ x: 1, y: 2, width: 3, height: 4 }];
    const a = annotation({ page: 5, quote: { exact, prefix: item.str.slice(0, 5), suffix: item.str.slice(25, 35) }, rects });

    expect(await placePdfAnnotation(a, 'old', pdf)).toMatchObject({ at: { page: 5, rects }, moved: false });

    const found = await placePdfAnnotation(a, 'new', pdf);
    expect(found.at!.page).toBe(5);
    const r = found.at!.rects[0]!;
    expect(r.x).toBeGreaterThan(item.transform[4]!);
    expect(r.y).toBeCloseTo(p5.height - item.transform[5]! - item.height, 3);
    expect(r.width).toBeGreaterThan(0);

    // Stored on the wrong page (pages were inserted before it): found nearby.
    const moved = await placePdfAnnotation({ ...a, anchor: { ...a.anchor, page: 3 } }, 'new', pdf);
    expect(moved).toMatchObject({ at: { page: 5 }, moved: true });

    const lost = await placePdfAnnotation({ ...a, anchor: { ...a.anchor, quote: { exact: 'zzqx words that are in no page of this manual', prefix: '', suffix: '' } } }, 'new', pdf);
    expect(lost.at).toBeNull();
    expect(lost.annotation.anchor.quote!.exact).toMatch(/^zzqx/);
  });
});

describe('EPUB placement', () => {
  const sections = ['Title page. Call me Ishmael.', `Chapter one. ${ORIGINAL}`];
  const source = (texts: string[], resolves: Record<string, string | null>): EpubTextSource => ({
    textAt: async (cfi) => resolves[cfi] ?? null,
    sectionOf: (cfi) => (cfi.startsWith('epubcfi(/6/4') ? 1 : null),
    sectionCount: texts.length,
    section: async (i) => ({ index: i, text: texts[i]!, cfiOf: (s, e) => `epubcfi(/6/${(i + 1) * 2}!/4,/1:${s},/1:${e})` }),
  });
  const quote = quoteAround(sections[1]!, sections[1]!.indexOf('sail about'), sections[1]!.indexOf('sail about') + 16);
  const stored = annotation({ cfi: 'epubcfi(/6/4!/4,/1:150,/1:166)', quote }, { bookHash: 'h1' });

  it('uses the CFI while the file is unchanged, or while it still holds the quote', async () => {
    expect(await placeEpubAnnotation(stored, 'h1', source(sections, {}))).toMatchObject({ at: stored.anchor.cfi, moved: false });
    expect(await placeEpubAnnotation(stored, 'h2', source(sections, { [stored.anchor.cfi!]: 'sail about\na lit' }))).toMatchObject({ at: stored.anchor.cfi, moved: false });
  });

  it('falls back to the quote when the CFI points elsewhere in a changed file', async () => {
    const changed = [sections[0]!, `Chapter one, revised. Preface added here. ${ORIGINAL}`];
    const placed = await placeEpubAnnotation(stored, 'h2', source(changed, { [stored.anchor.cfi!]: 'something else' }));
    const start = changed[1]!.indexOf('sail about');
    expect(placed).toMatchObject({ at: `epubcfi(/6/4!/4,/1:${start},/1:${start + 16})`, moved: true });
  });

  it('reports what it cannot place, with its text', async () => {
    const placed = await placeEpubAnnotation(stored, 'h2', source(['Nothing here.', 'Nor here.'], {}));
    expect(placed.at).toBeNull();
    expect(placed.annotation.anchor.quote!.exact).toBe('sail about a lit');
  });
});
