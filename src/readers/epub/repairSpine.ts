import type { Book } from 'epubjs';

interface SpineSection {
  index: number;
  href: string;
  url: string;
  canonical: string;
  linear: boolean;
}

/**
 * Some generators (Sphinx, for one) list `chapter.xhtml#anchor` entries in the spine next to
 * `chapter.xhtml`. epub.js then asks the archive for a file named with the fragment, fails, and
 * stalls paging and locations. Such an entry whose file is already in the spine is made
 * non-linear (skipped by next/prev and locations; indices, and so CFIs, do not move); one whose
 * file is not elsewhere is pointed at the file itself.
 */
export function repairSpine(book: Book): number {
  const spine = book.spine as unknown as { spineItems: SpineSection[]; spineByHref: Record<string, number> };
  const items = spine.spineItems ?? [];
  const files = new Set(items.filter((s) => !s.href.includes('#')).map((s) => s.href));
  let repaired = 0;
  for (const s of items) {
    const hash = s.href.indexOf('#');
    if (hash < 0) continue;
    const file = s.href.slice(0, hash);
    repaired++;
    if (files.has(file)) {
      s.linear = false;
      continue;
    }
    files.add(file);
    s.href = file;
    s.url = s.url.split('#')[0]!;
    s.canonical = s.canonical.split('#')[0]!;
    spine.spineByHref[file] ??= s.index;
  }
  return repaired;
}
