import type { TextBook } from './textBooks';

export interface CatalogueText {
  hash: string;
  fileType: 'pdf' | 'epub';
}

export interface TextIndexPlan {
  /** Content to (go on) index, in catalogue order: new, or stopped half-way. */
  toIndex: string[];
  /** Index rows of content no longer in the library (deleted, or changed: it has a new hash). */
  remove: number[];
  /** Books of the library whose text is settled (indexed, without text, or unreadable). */
  settled: number;
  /** Distinct book contents in the library. */
  total: number;
}

/**
 * What the full-text index must do to match the catalogue. Keyed by content (SHA-256): a moved
 * book keeps its hash and its rows; a changed book is a new hash (indexed) and an old one (removed).
 */
export function planTextIndex(catalogue: CatalogueText[], known: TextBook[]): TextIndexPlan {
  const byHash = new Map(known.map((b) => [b.sha256, b]));
  const wanted = new Set<string>();
  const toIndex: string[] = [];
  let settled = 0;
  for (const c of catalogue) {
    if (wanted.has(c.hash)) continue;
    wanted.add(c.hash);
    const k = byHash.get(c.hash);
    if (k && k.state !== 'indexing') settled++;
    else toIndex.push(c.hash);
  }
  const remove = known.filter((k) => !wanted.has(k.sha256)).map((k) => k.no);
  return { toIndex, remove, settled, total: wanted.size };
}
