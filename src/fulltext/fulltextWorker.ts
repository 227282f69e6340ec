/// <reference lib="webworker" />
/**
 * The full-text worker: owns fulltext.db (its own OPFS file, apart from the catalogue), reads
 * book text (pdf.js inline, EPUB unzipped, no DOM) and answers searches, all off the UI thread.
 * Every database step holds the Web Lock `alex-fulltext`, so the tabs' workers take turns on the
 * file (one tab indexes at a time: src/fulltext/textIndexer.ts).
 */
import { expose } from 'comlink';
import { openOpfsDb } from '../db/open';
import type { Db } from '../db/Db';
import type { FulltextWorkerApi } from './fulltextApi';
import { installErrorTransfer } from '../lib/comlinkErrors';
import { bookOpeningEnded } from '../lib/bookOpening';
import { openBookText } from './bookText';
import { indexBookText } from './indexBookText';
import { planTextIndex, type CatalogueText } from './planTextIndex';
import { matchingRows, searchText, type TextSearchResult } from './searchText';
import { textSnippet, type TextSnippet } from './textSnippet';
import { optimizeStep, removeTextBooks, textBooks, type TextState } from './textBooks';
import { dropTextIndex, ensureTextIndex, FULLTEXT_FILE } from './textIndexSchema';
import { parseTextQuery } from './textQuery';

installErrorTransfer();

const LOCK = 'alex-fulltext';
const locked = <T>(fn: () => Promise<T>) => navigator.locks.request(LOCK, fn) as Promise<T>;

const ready: Promise<Db> = (async () => {
  const { db } = await openOpfsDb(FULLTEXT_FILE);
  await db.exec('PRAGMA cache_size = -8192');
  await locked(() => ensureTextIndex(db));
  return db;
})();
ready.catch(() => {});

/**
 * The database with the lock held for each statement, or for a whole transaction (Web Locks are
 * not reentrant: statements inside a transaction run under the transaction's hold).
 */
function lockedDb(db: Db): Db {
  let inside = false;
  const hold = <T>(fn: () => Promise<T>) => (inside ? fn() : locked(fn));
  return {
    ...db,
    exec: (s) => hold(() => db.exec(s)),
    run: (s, p) => hold(() => db.run(s, p)),
    all: (s, p) => hold(() => db.all(s, p)),
    get: (s, p) => hold(() => db.get(s, p)),
    transaction: (fn) =>
      hold(async () => {
        inside = true;
        try {
          return await db.transaction(fn);
        } finally {
          inside = false;
        }
      }),
  } as Db;
}

let current: AbortController | null = null;

const api: FulltextWorkerApi = {
  /** Forgets content no longer in the library; says what is left to index. */
  async plan(catalogue: CatalogueText[]) {
    const db = await ready;
    const plan = planTextIndex(catalogue, await locked(() => textBooks(db)));
    if (plan.remove.length) await locked(() => removeTextBooks(db, plan.remove));
    return { toIndex: plan.toIndex, settled: plan.settled, total: plan.total };
  },

  async count(catalogue: CatalogueText[]) {
    const db = await ready;
    const plan = planTextIndex(catalogue, await locked(() => textBooks(db)));
    return { settled: plan.settled, total: plan.total };
  },

  async index(file: Blob, hash: string, fileType: 'pdf' | 'epub'): Promise<TextState> {
    const db = await ready;
    current = new AbortController();
    try {
      // A book being opened in a reader goes first: indexing beside it slowed its first page several times over.
      return await indexBookText(lockedDb(db), file, hash, fileType, { signal: current.signal, beforeStep: bookOpeningEnded });
    } finally {
      current = null;
    }
  },

  /** Stops the book being indexed at once; what was committed stays. */
  stop(): void {
    current?.abort(new DOMException('Indexing paused', 'AbortError'));
  },

  async search(q: string, limit?: number, counts = true, from?: number): Promise<TextSearchResult> {
    const db = await ready;
    return locked(() => searchText(db, q, limit, { counts, from }));
  },

  async rows(hash: string, q: string): Promise<number[][]> {
    const db = await ready;
    return locked(() => matchingRows(db, hash, q));
  },

  async snippet(file: Blob, fileType: 'pdf' | 'epub', sections: number[], q: string): Promise<TextSnippet | null> {
    const text = await openBookText(file, fileType);
    try {
      return await textSnippet(text, sections, parseTextQuery(q).phrases);
    } finally {
      await text.close();
    }
  },

  async optimizeStep(): Promise<boolean> {
    const db = await ready;
    return locked(() => optimizeStep(db));
  },

  async rebuild(): Promise<void> {
    const db = await ready;
    await locked(() => dropTextIndex(db));
  },
};

expose(api);
