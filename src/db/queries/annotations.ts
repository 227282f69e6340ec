/** The annotations table: its one writer (migration 0009's triggers record each change for sync) and its reads. */
import type { Db } from '../Db';
import type { Annotation, AnnotationColor, AnnotationKind, PageRect } from '../../domain/annotations';

interface AnnotationRow {
  id: string;
  user_id: string;
  book_id: string;
  book_hash: string;
  kind: AnnotationKind;
  color: AnnotationColor | null;
  note: string | null;
  cfi: string | null;
  page: number | null;
  quote_exact: string | null;
  quote_prefix: string | null;
  quote_suffix: string | null;
  rects: string | null;
  label: string | null;
  created_at: number;
  updated_at: number;
}

function toAnnotation(r: AnnotationRow): Annotation {
  return {
    id: r.id,
    userId: r.user_id,
    bookId: r.book_id,
    bookHash: r.book_hash,
    kind: r.kind,
    color: r.color,
    note: r.note,
    anchor: {
      cfi: r.cfi,
      page: r.page == null ? null : Number(r.page),
      quote: r.quote_exact == null ? null : { exact: r.quote_exact, prefix: r.quote_prefix ?? '', suffix: r.quote_suffix ?? '' },
      rects: r.rects == null ? null : (JSON.parse(r.rects) as PageRect[]),
      label: r.label,
    },
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** One user's annotations of one book (unsorted: book order is the reader's business). */
export async function listAnnotations(db: Db, userId: string, bookId: string): Promise<Annotation[]> {
  const rows = await db.all<AnnotationRow>('SELECT * FROM annotations WHERE user_id = ? AND book_id = ? ORDER BY created_at, id', [userId, bookId]);
  return rows.map(toAnnotation);
}

/** Every annotation of a user, for the whole-library export. */
export async function listUserAnnotations(db: Db, userId: string): Promise<Annotation[]> {
  const rows = await db.all<AnnotationRow>('SELECT * FROM annotations WHERE user_id = ? ORDER BY book_id, created_at, id', [userId]);
  return rows.map(toAnnotation);
}

export async function getAnnotation(db: Db, id: string): Promise<Annotation | undefined> {
  const r = await db.get<AnnotationRow>('SELECT * FROM annotations WHERE id = ?', [id]);
  return r && toAnnotation(r);
}

export async function countAnnotations(db: Db, userId: string, bookId: string): Promise<number> {
  return Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM annotations WHERE user_id = ? AND book_id = ?', [userId, bookId]))!.n);
}

/** Inserts the annotation, or overwrites the row with the same id (the caller checked the owner). */
export async function putAnnotation(db: Db, a: Annotation): Promise<void> {
  const q = a.anchor.quote;
  await db.run(
    `INSERT INTO annotations (id, user_id, book_id, book_hash, kind, color, note, cfi, page, quote_exact, quote_prefix, quote_suffix, rects, label, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET
       book_hash = excluded.book_hash, kind = excluded.kind, color = excluded.color, note = excluded.note,
       cfi = excluded.cfi, page = excluded.page, quote_exact = excluded.quote_exact, quote_prefix = excluded.quote_prefix,
       quote_suffix = excluded.quote_suffix, rects = excluded.rects, label = excluded.label,
       created_at = excluded.created_at, updated_at = excluded.updated_at
     WHERE annotations.user_id = excluded.user_id`,
    [
      a.id, a.userId, a.bookId, a.bookHash, a.kind, a.color, a.note, a.anchor.cfi, a.anchor.page,
      q?.exact ?? null, q?.prefix ?? null, q?.suffix ?? null, a.anchor.rects ? JSON.stringify(a.anchor.rects) : null, a.anchor.label,
      a.createdAt, a.updatedAt,
    ],
  );
}

export async function deleteAnnotation(db: Db, userId: string, id: string): Promise<number> {
  return db.run('DELETE FROM annotations WHERE id = ? AND user_id = ?', [id, userId]);
}

/** An annotation with the current hash of its book (what sync names the book by on every device). */
export async function getAnnotationWithBookHash(db: Db, id: string): Promise<(Annotation & { fileHash: string }) | undefined> {
  const r = await db.get<AnnotationRow & { file_hash: string }>(
    'SELECT a.*, b.file_hash FROM annotations a JOIN books b ON b.id = a.book_id WHERE a.id = ?',
    [id],
  );
  return r && { ...toAnnotation(r), fileHash: r.file_hash };
}

/** Another device deleted it (sync applies a tombstone): whoever owns it. */
export async function deleteSyncedAnnotation(db: Db, id: string): Promise<void> {
  await db.run('DELETE FROM annotations WHERE id = ?', [id]);
}

/** The book an imported annotation belongs to: by id first, else by the file's content hash. */
export async function findAnnotatedBook(db: Db, id: string | null, hash: string | null): Promise<{ id: string; file_hash: string } | undefined> {
  if (id) {
    const byId = await db.get<{ id: string; file_hash: string }>('SELECT id, file_hash FROM books WHERE id = ?', [id]);
    if (byId) return byId;
  }
  return hash ? db.get<{ id: string; file_hash: string }>('SELECT id, file_hash FROM books WHERE file_hash = ?', [hash]) : undefined;
}
