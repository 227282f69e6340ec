/**
 * Every match of a text search in a whole EPUB, in reading order, as CFIs: the reader opened at a
 * search hit marks them all and steps through them ("n of N"), not only those of the chapter it
 * opened. Each spine item is read from the archive (not shown), one after another.
 */
import type { Book } from 'epubjs';
import { findMatches } from '../../fulltext/findMatches';
import { parseTextQuery } from '../../fulltext/textQuery';
import { textOf, toRange } from './epubTextJump';

export interface BookMatch {
  cfi: string;
  spineIndex: number;
}

type SpineSection = { index: number; load(request: unknown): Promise<Element>; unload(): void; cfiFromRange(range: Range): string };

/** At most this many matches a book: a word on every page of a long book is still stepped through, not stored without end. */
const MAX_MATCHES = 5000;

export async function findBookMatches(book: Book, query: string, stopped: () => boolean = () => false): Promise<BookMatch[]> {
  const phrases = parseTextQuery(query).phrases;
  const sections: SpineSection[] = [];
  (book.spine as unknown as { each(fn: (s: SpineSection) => void): void }).each((s) => sections.push(s));
  const out: BookMatch[] = [];
  for (const s of sections) {
    if (stopped() || out.length >= MAX_MATCHES) break;
    try {
      const doc = (await s.load(book.load.bind(book))).ownerDocument;
      // As the page shows it (secureContent): a removed script must not shift the CFIs' paths.
      for (const script of Array.from(doc.querySelectorAll('script'))) script.remove();
      const t = textOf(doc);
      for (const m of findMatches(t.text, phrases, MAX_MATCHES - out.length)) out.push({ cfi: s.cfiFromRange(toRange(doc, t, m)), spineIndex: s.index });
    } catch {
      // One unreadable chapter is passed over, not the search.
    } finally {
      s.unload();
    }
  }
  return out;
}
