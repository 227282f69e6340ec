/**
 * Opening an EPUB at a full-text search hit: the hit names a spine item and a part of it
 * (src/fulltext/sectionKey.ts); this finds the words in that item's rendered text (folded as the
 * index folds them), shows the page of the match and highlights every match in the chapter.
 */
import type { Book, Contents, Rendition } from 'epubjs';
import { findMatches, type TextRange } from '../../fulltext/findMatches';
import { epubPlace, PART_CHARS } from '../../fulltext/sectionKey';
import type { TextJump } from '../types';
import { parseTextQuery } from '../../fulltext/textQuery';

type SpineItem = { href: string; index: number };

const itemHref = (book: Book, section: number): string | undefined =>
  (book.spine as unknown as { get(i: number): SpineItem | null }).get(epubPlace(section).spineIndex)?.href;

/** The spine item to open first: the first of the jump's sections. */
export function jumpHref(book: Book, jump: TextJump): string | undefined {
  return itemHref(book, jump.sections[0]!);
}

/** The text of a document's body with, for each character, the text node it is in. */
export function textOf(doc: Document): { text: string; nodes: Text[]; starts: number[] } {
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push(n as Text);
    starts.push(text.length);
    text += (n as Text).data;
  }
  return { text, nodes, starts };
}

export function toRange(doc: Document, t: ReturnType<typeof textOf>, r: TextRange): Range {
  const at = (offset: number, end: boolean) => {
    let i = t.starts.findLastIndex((s) => (end ? s < offset : s <= offset));
    if (i < 0) i = 0;
    return { node: t.nodes[i]!, offset: offset - t.starts[i]! };
  };
  const a = at(r.start, false);
  const b = at(r.end, true);
  const range = doc.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}

/** The chapter a jump showed: its spine item and which of its matches is on screen. */
export interface ShownHit {
  spineIndex: number;
  /** The match displayed, as its place among the chapter's matches. */
  at: number;
  cfis: string[];
}

/** Marks a search match (the same look wherever it is drawn). */
export function markTextHit(rendition: Rendition, cfi: string): void {
  rendition.annotations.highlight(cfi, {}, () => {}, 'alex-text-hit', { fill: '#ffd400', 'fill-opacity': '0.35', 'mix-blend-mode': 'multiply' });
}

/**
 * After the rendition shows the jump's first spine item: moves to the match and highlights them
 * all. A jump of several sections (the index's row, the section not yet known) goes on to the
 * next one's item while the words are not found, and back to the first if none has them.
 * Returns what it showed, or null when the words are not found.
 */
export async function showTextHit(rendition: Rendition, book: Book, jump: TextJump): Promise<ShownHit | null> {
  let shown = jump.sections[0]!;
  for (const section of jump.sections) {
    if (epubPlace(section).spineIndex !== epubPlace(shown).spineIndex) {
      const href = itemHref(book, section);
      if (!href) continue;
      await rendition.display(href);
      shown = section;
    }
    const hit = await markSection(rendition, section, jump.query);
    if (hit) return hit;
  }
  const first = itemHref(book, jump.sections[0]!);
  if (first && shown !== jump.sections[0]) await rendition.display(first);
  return null;
}

async function markSection(rendition: Rendition, section: number, query: string): Promise<ShownHit | null> {
  const { spineIndex, part } = epubPlace(section);
  const contents = (rendition.getContents() as unknown as Contents[]).find((c) => (c as unknown as { sectionIndex: number }).sectionIndex === spineIndex);
  if (!contents) return null;
  const doc = contents.document;
  const t = textOf(doc);
  const matches = findMatches(t.text, parseTextQuery(query).phrases, 2000);
  if (!matches.length) return null;
  const cfis = matches.map((m) => contents.cfiFromRange(toRange(doc, t, m)));
  // The part's start in the indexed text is about where it is in the document's text too.
  const from = part * PART_CHARS * 0.9;
  const found = matches.findIndex((m) => m.start >= from);
  const at = found < 0 ? cfis.length - 1 : found;
  for (const cfi of cfis) markTextHit(rendition, cfi);
  await rendition.display(cfis[at]!);
  return { spineIndex, at, cfis };
}
