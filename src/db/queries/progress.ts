/** The reading_progress table: its one writer (sync will record each change here) and its reads. */
import type { Db } from '../Db';
import type { ReadingProgress, ReadingStatus } from '../../domain/types';

interface ProgressRow {
  id: string;
  user_id: string;
  book_id: string;
  current_page: number | null;
  total_pages: number | null;
  epub_location: string | null;
  percent_complete: number;
  status: ReadingStatus;
  last_read_at: number | null;
}

function toProgress(r: ProgressRow): ReadingProgress {
  return {
    id: r.id,
    userId: r.user_id,
    bookId: r.book_id,
    currentPage: r.current_page == null ? null : Number(r.current_page),
    totalPages: r.total_pages == null ? null : Number(r.total_pages),
    epubLocation: r.epub_location,
    percentComplete: Number(r.percent_complete),
    status: r.status,
    lastReadAt: r.last_read_at == null ? null : Number(r.last_read_at),
  };
}

export async function getProgress(db: Db, userId: string, bookId: string): Promise<ReadingProgress | undefined> {
  const r = await db.get<ProgressRow>('SELECT * FROM reading_progress WHERE user_id = ? AND book_id = ?', [userId, bookId]);
  return r && toProgress(r);
}

export type ProgressWrite = Omit<ReadingProgress, 'id' | 'userId' | 'bookId'>;

/** One row per (user, book): inserts the first time, overwrites afterwards. */
export async function upsertProgress(db: Db, userId: string, bookId: string, p: ProgressWrite): Promise<ReadingProgress> {
  await db.run(
    `INSERT INTO reading_progress (id, user_id, book_id, current_page, total_pages, epub_location, percent_complete, status, last_read_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id, book_id) DO UPDATE SET
       current_page = excluded.current_page, total_pages = excluded.total_pages,
       epub_location = excluded.epub_location, percent_complete = excluded.percent_complete,
       status = excluded.status, last_read_at = excluded.last_read_at`,
    [crypto.randomUUID(), userId, bookId, p.currentPage, p.totalPages, p.epubLocation, p.percentComplete, p.status, p.lastReadAt],
  );
  return (await getProgress(db, userId, bookId))!;
}
