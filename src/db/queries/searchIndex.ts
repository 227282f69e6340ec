import type { Db, SqlValue } from '../Db';
import { authorKey, bookTerms, titleKey } from '../../domain/search';

/**
 * Keeps the word-prefix index (book_terms) and the folded sort keys (books.title_key,
 * author_key) in step with books. Triggers (migrations/0003_library_search.sql) queue every book
 * whose title or author changed, whoever changed it; this module empties the queue. Derived
 * data only: rebuildSearchIndex() can always remake it from the books table.
 */

interface TextRow {
  id: string;
  seq: number;
  title: string;
  author: string | null;
}

// Well under SQLite's limit on bound parameters (32766), and small enough to stay quick.
const CHUNK = 400;

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function writeIndex(db: Db, rows: readonly TextRow[]): Promise<void> {
  for (const part of chunks(rows)) {
    const ids = part.map((r) => r.id);
    const marks = ids.map(() => '?').join(', ');
    const seqs = part.map((r) => Number(r.seq));
    await db.run(`DELETE FROM book_terms WHERE seq IN (${seqs.map(() => '?').join(', ')})`, seqs);
    const pairs: SqlValue[] = [];
    for (const r of part) for (const t of bookTerms(r.title, r.author)) pairs.push(t, Number(r.seq));
    for (const p of chunks(pairs, CHUNK * 2)) {
      await db.run(`INSERT OR IGNORE INTO book_terms (term, seq) VALUES ${Array(p.length / 2).fill('(?, ?)').join(', ')}`, p);
    }
    const keys: SqlValue[] = [];
    for (const r of part) keys.push(r.id, titleKey(r.title), authorKey(r.author));
    // UPDATE … FROM (VALUES …): one statement for the whole chunk. It sets only the key
    // columns, so the title/author trigger does not queue the books again.
    await db.run(
      `UPDATE books SET title_key = v.column2, author_key = v.column3
       FROM (VALUES ${part.map(() => '(?, ?, ?)').join(', ')}) AS v WHERE books.id = v.column1`,
      keys,
    );
    await db.run(`DELETE FROM book_index_queue WHERE book_id IN (${marks})`, ids);
  }
}

/** Indexes these books now (repository writes call this right after their insert or update). */
export async function indexBooks(db: Db, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const rows: TextRow[] = [];
  for (const part of chunks(ids)) {
    rows.push(...(await db.all<TextRow>(`SELECT id, seq, title, author FROM books WHERE id IN (${part.map(() => '?').join(', ')})`, part)));
  }
  await writeIndex(db, rows);
}

/**
 * Indexes up to `limit` queued books (written without the repository functions, or before the
 * index existed). Returns how many are still queued. Cheap when the queue is empty: one lookup.
 */
export async function drainIndexQueue(db: Db, limit = 2000): Promise<number> {
  if (!(await db.get('SELECT 1 AS x FROM book_index_queue LIMIT 1'))) return 0;
  return db.transaction(async () => {
    const queued = await db.all<{ book_id: string }>('SELECT book_id FROM book_index_queue LIMIT ?', [limit]);
    const ids = queued.map((q) => q.book_id);
    const rows: TextRow[] = [];
    for (const part of chunks(ids)) {
      rows.push(...(await db.all<TextRow>(`SELECT id, seq, title, author FROM books WHERE id IN (${part.map(() => '?').join(', ')})`, part)));
    }
    await writeIndex(db, rows);
    // Queued ids whose book is gone (deleted with the triggers disabled) just leave the queue.
    for (const part of chunks(ids)) await db.run(`DELETE FROM book_index_queue WHERE book_id IN (${part.map(() => '?').join(', ')})`, part);
    const left = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM book_index_queue');
    return Number(left?.n ?? 0);
  });
}

/** Throws the index away and queues every book again (repair tool; the next queries refill it). */
export async function rebuildSearchIndex(db: Db): Promise<void> {
  await db.transaction(async () => {
    await db.run('DELETE FROM book_terms');
    await db.run('INSERT OR IGNORE INTO book_index_queue (book_id) SELECT id FROM books');
  });
}
