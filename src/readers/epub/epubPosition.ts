import type { Book } from 'epubjs';

/** What epub.js reports on every move. */
export interface Relocation {
  start: { cfi: string; href: string; index: number; displayed?: { page: number; total: number } };
  end: { cfi: string };
  atStart: boolean;
  atEnd: boolean;
}

/** Percentage through the book at `cfi`, to 0.1; null until locations exist. */
export function percentOf(book: Book | undefined, cfi: string): number | null {
  const locs = book?.locations as unknown as { length(): number; percentageFromCfi(cfi: string): number } | undefined;
  if (!locs || !locs.length()) return null;
  return Math.round(locs.percentageFromCfi(cfi) * 1000) / 10;
}

type Spine = { get(i: number): { href: string; linear: boolean } | null };

/** The next linear section from `index` in direction `dir` (skipping non-linear ones), if any. */
export function linearSection(book: Book | undefined, index: number, dir: 1 | -1): { href: string } | null {
  const spine = book?.spine as unknown as Spine | undefined;
  if (!spine) return null;
  for (let i = index + dir; i >= 0 && spine.get(i); i += dir) {
    const s = spine.get(i)!;
    if (s.linear) return s;
  }
  return null;
}
