import { EpubCFI, type Book, type Contents, type Rendition } from 'epubjs';

export interface TocEntry {
  label: string;
  href: string;
  depth: number;
  /** Spine index of the section the entry points into (null when it points nowhere). */
  index: number | null;
  fragment: string | null;
}

interface NavItem {
  label: string;
  href: string;
  subitems?: NavItem[];
}

/** The book's table of contents, depth-first, with each entry's spine section. */
export function flattenToc(book: Book): TocEntry[] {
  const out: TocEntry[] = [];
  const spine = book.spine as unknown as { get(href: string): { index: number } | null };
  const walk = (items: NavItem[], depth: number) => {
    for (const it of items) {
      let index: number | null = null;
      try {
        index = spine.get(it.href)?.index ?? null;
      } catch {
        /* malformed href */
      }
      out.push({ label: (it.label ?? '').trim() || 'Untitled', href: it.href, depth, index, fragment: it.href.split('#')[1] || null });
      if (it.subitems?.length) walk(it.subitems, depth + 1);
    }
  };
  walk(((book.navigation as unknown as { toc?: NavItem[] })?.toc ?? []) as NavItem[], 0);
  return out;
}

/**
 * The entry the reader is in: among the entries of the current section, the last whose anchor
 * is at or before the top of the page (the section's first entry if none is); in a section
 * the contents do not list, the last entry of an earlier section.
 */
export function currentTocEntry(
  book: Book,
  rendition: Rendition | undefined,
  toc: TocEntry[],
  loc: { start: { index: number; cfi: string } },
): TocEntry | null {
  const idx = loc.start.index;
  const inSection = toc.filter((e) => e.index === idx);
  if (inSection.length) {
    let best = inSection[0]!;
    const contents = ((rendition?.getContents() ?? []) as unknown as Contents[]).find(
      (c) => (c as unknown as { sectionIndex: number }).sectionIndex === idx,
    );
    const doc = (contents as unknown as { document?: Document } | undefined)?.document;
    const section = (book.spine as unknown as { get(i: number): { cfiFromElement(el: Element): string } | null }).get(idx);
    if (doc && section) {
      const cfi = new EpubCFI();
      for (const e of inSection) {
        if (!e.fragment) continue;
        const el = doc.getElementById(e.fragment);
        if (!el) continue;
        try {
          if (cfi.compare(section.cfiFromElement(el), loc.start.cfi) <= 0) best = e;
        } catch {
          /* an anchor epub.js cannot address */
        }
      }
    }
    return best;
  }
  let best: TocEntry | null = null;
  for (const e of toc) if (e.index != null && e.index < idx && (!best || e.index >= best.index!)) best = e;
  return best;
}
