/**
 * The full-text worker's contract (src/fulltext/fulltextWorker.ts implements it). Kept apart
 * from the worker so the page's types never pull in the worker's database code.
 */
import type { SnippetPart } from './findMatches';
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
   * Without `counts`, `matches` are matching sections: the list comes at once, counts after.
   * `from`: a previous page's `next`, for the books after it.
   */
  search(q: string, limit?: number, counts?: boolean, from?: number): Promise<TextSearchResult>;
  /** The sections of one book that match, in order. */
  sections(hash: string, q: string): Promise<number[]>;
  /** The text around the first match in one section, matches marked (the index keeps no text). */
  snippet(file: Blob, fileType: 'pdf' | 'epub', section: number, q: string): Promise<SnippetPart[]>;
  /** One small merge step; false once there is nothing left worth merging. */
  optimizeStep(): Promise<boolean>;
  rebuild(): Promise<void>;
}
