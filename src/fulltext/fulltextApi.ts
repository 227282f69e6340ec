/**
 * The full-text worker's contract (src/fulltext/fulltextWorker.ts implements it). Kept apart
 * from the worker so the page's types never pull in the worker's database code.
 */
import type { TextSnippet } from './textSnippet';
import type { CatalogueText } from './planTextIndex';
import type { TextSearchResult } from './searchText';
import type { TextState } from './textBooks';

export interface FulltextWorkerApi {
  /** Forgets content no longer in the library; says what is left to index. */
  plan(catalogue: CatalogueText[]): Promise<{ toIndex: string[]; settled: number; total: number }>;
  /** How far the index is for this catalogue, without changing anything (any tab, any time). */
  count(catalogue: CatalogueText[]): Promise<{ settled: number; total: number }>;
  index(file: Blob, hash: string, fileType: 'pdf' | 'epub'): Promise<TextState>;
  /** Stops the book being indexed at once; what was committed stays. */
  stop(): void;
  /**
   * Without `counts`, `matches` are matching rows: the list comes at once, counts after.
   * `from`: a previous page's `next`, for the books after it.
   */
  search(q: string, limit?: number, counts?: boolean, from?: number): Promise<TextSearchResult>;
  /** The rows of one book that match, in order, each as its sections. */
  rows(hash: string, q: string): Promise<number[][]>;
  /**
   * The text around the first match among a hit's sections (`first`), matches marked, and the
   * section it is in (the index keeps no text, and narrows a match to a row of a few sections).
   */
  snippet(file: Blob, fileType: 'pdf' | 'epub', sections: number[], q: string): Promise<TextSnippet | null>;
  /** One small merge step; false once there is nothing left worth merging. */
  optimizeStep(): Promise<boolean>;
  rebuild(): Promise<void>;
}
