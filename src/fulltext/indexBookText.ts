import type { Db } from '../db/Db';
import { isOutOfSpace } from '../domain/errors';
import { openBookText, type BookText } from './bookText';
import { addTextPart, failTextBook, finishTextBook, startTextBook, type TextSection, type TextState } from './textBooks';

/** Text written per transaction: a huge book is indexed in parts, each one committed. */
export const PART_TEXT = 256 * 1024;

export interface IndexOptions {
  signal?: AbortSignal;
  /** Characters of text per committed part (PART_TEXT). */
  partText?: number;
  /** Awaited before the book is opened and before each page or spine item: lets more urgent work go first. */
  beforeStep?: () => Promise<void>;
}

/**
 * Indexes one book, from where it stopped last time (a killed tab goes on at the next page or
 * spine item not yet committed). A book already done, without text, or unreadable is left
 * alone. Out of space and cancelling reject (nothing half-written: each part is a transaction);
 * a file that cannot be read marks the book 'failed' so it is not retried forever.
 */
export async function indexBookText(db: Db, file: Blob, sha256: string, fileType: 'pdf' | 'epub', opts: IndexOptions = {}): Promise<TextState> {
  const book = await startTextBook(db, sha256, fileType);
  if (book.state !== 'indexing') return book.state;
  let text: BookText;
  try {
    await opts.beforeStep?.();
    text = await openBookText(file, fileType);
  } catch (e) {
    opts.signal?.throwIfAborted();
    if (isOutOfSpace(e)) throw e;
    await failTextBook(db, book, e instanceof Error ? e.message : String(e));
    return 'failed';
  }
  try {
    let pending: TextSection[] = [];
    let size = 0;
    for (let u = book.nextUnit; u < text.units; u++) {
      await opts.beforeStep?.();
      opts.signal?.throwIfAborted();
      let sections: TextSection[] = [];
      try {
        sections = await text.unit(u);
      } catch {
        // One unreadable page is skipped, not the book.
      }
      for (const s of sections) {
        if (!/[\p{L}\p{N}]/u.test(s.text)) continue;
        pending.push(s);
        size += s.text.length;
      }
      if (size >= (opts.partText ?? PART_TEXT)) {
        await addTextPart(db, book, pending, u + 1);
        pending = [];
        size = 0;
      }
    }
    opts.signal?.throwIfAborted();
    if (pending.length) await addTextPart(db, book, pending, text.units);
    return await finishTextBook(db, book, text.units);
  } finally {
    await text.close().catch(() => {});
  }
}
