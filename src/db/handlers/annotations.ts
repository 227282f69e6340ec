import type { AnnotatedBook, AnnotationImportSummary, AnnotationsApi } from '../api';
import type { HandlerContext } from '../context';
import { AppError } from '../../domain/errors';
import { checkAnnotationInput, type Annotation } from '../../domain/annotations';
import { getBook } from '../queries/books';
import {
  countAnnotations,
  deleteAnnotation,
  findAnnotatedBook,
  getAnnotation,
  listAnnotations,
  listUserAnnotations,
  putAnnotation,
} from '../queries/annotations';
import { requireBook, requireUser } from './guard';

/**
 * Another user's annotation with the same id (they imported a file someone shared): a stable id
 * derived from both, so importing that file again still finds it instead of adding a copy.
 */
async function idForUser(userId: string, id: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${userId}:${id}`)));
  const h = [...d.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Annotations are per user: the caller's session decides whose rows are read or written. */
export function annotationsHandlers(ctx: HandlerContext): AnnotationsApi {
  const { db } = ctx;

  const book = (bookId: unknown) => requireBook(db, bookId);

  return {
    async listAnnotations(token, bookId) {
      const { user } = await requireUser(ctx, token);
      return listAnnotations(db, user.id, String(bookId));
    },

    async countAnnotations(token, bookId) {
      const { user } = await requireUser(ctx, token);
      return countAnnotations(db, user.id, String(bookId));
    },

    async saveAnnotation(token, bookId, input) {
      const { user } = await requireUser(ctx, token);
      const b = await book(bookId);
      const a = checkAnnotationInput(input);
      const now = ctx.now();
      const saved = await db.transaction(async () => {
        const prev = a.id ? await getAnnotation(db, a.id) : undefined;
        if (a.id && (!prev || prev.userId !== user.id || prev.bookId !== b.id)) throw new AppError('NOT_FOUND', 'This annotation no longer exists.');
        const row: Annotation = {
          id: prev?.id ?? crypto.randomUUID(),
          userId: user.id,
          bookId: b.id,
          // Re-placed on changed content, it belongs to the new content from now on.
          bookHash: b.fileHash,
          kind: a.kind,
          color: a.color,
          note: a.note,
          anchor: a.anchor,
          createdAt: prev?.createdAt ?? now,
          updatedAt: now,
        };
        await putAnnotation(db, row);
        return row;
      });
      ctx.changed(['annotations']);
      return saved;
    },

    async deleteAnnotation(token, id) {
      const { user } = await requireUser(ctx, token);
      if (!(await deleteAnnotation(db, user.id, String(id)))) throw new AppError('NOT_FOUND', 'This annotation no longer exists.');
      ctx.changed(['annotations']);
    },

    async exportAnnotations(token, bookId) {
      const { user } = await requireUser(ctx, token);
      const list = bookId == null ? await listUserAnnotations(db, user.id) : await listAnnotations(db, user.id, (await book(bookId)).id);
      const books: AnnotatedBook[] = [];
      for (const id of new Set(list.map((a) => a.bookId))) {
        const b = await getBook(db, id);
        if (b) books.push({ id: b.id, title: b.title, author: b.author, fileType: b.fileType, fileHash: b.fileHash });
      }
      return { books, annotations: list };
    },

    async importAnnotations(token, items) {
      const { user } = await requireUser(ctx, token);
      if (!Array.isArray(items)) throw new AppError('INVALID_INPUT', 'This file has no annotations to import.');
      const summary: AnnotationImportSummary = { added: 0, updated: 0, unchanged: 0, skipped: [] };
      await db.transaction(async () => {
        for (const item of items) {
          const text = String(item?.anchor?.quote?.exact ?? item?.anchor?.label ?? item?.id ?? '');
          let a;
          try {
            a = checkAnnotationInput(item);
          } catch (e) {
            summary.skipped.push({ text, reason: (e as Error).message });
            continue;
          }
          const b = await findAnnotatedBook(db, item.book?.id ?? null, item.book?.hash ?? null);
          if (!b) {
            summary.skipped.push({ text, reason: 'This book is not in the library.' });
            continue;
          }
          let id = String(item.id);
          let prev = await getAnnotation(db, id);
          if (prev && prev.userId !== user.id) {
            id = await idForUser(user.id, id);
            prev = await getAnnotation(db, id);
          }
          const createdAt = Number.isFinite(item.createdAt) ? item.createdAt : ctx.now();
          const updatedAt = Number.isFinite(item.updatedAt) ? item.updatedAt : createdAt;
          if (prev && prev.updatedAt >= updatedAt) {
            summary.unchanged++;
            continue;
          }
          await putAnnotation(db, {
            id,
            userId: user.id,
            bookId: b.id,
            bookHash: typeof item.bookHash === 'string' && item.bookHash ? item.bookHash : b.file_hash,
            kind: a.kind,
            color: a.color,
            note: a.note,
            anchor: a.anchor,
            createdAt,
            updatedAt,
          });
          if (prev) summary.updated++;
          else summary.added++;
        }
      });
      if (summary.added || summary.updated) ctx.changed(['annotations']);
      return summary;
    },
  };
}
