/** The UI side of annotations: worker calls, and the export/import files. */
import type { AnnotationImportSummary } from '../db/api';
import type { Annotation, AnnotationInput } from '../domain/annotations';
import { toMarkdown } from '../domain/annotationsMarkdown';
import { AppError } from '../domain/errors';
import { fromWebAnnotations, toWebAnnotations } from '../domain/webAnnotations';
import { api } from './sessionClient';

export function listAnnotations(bookId: string): Promise<Annotation[]> {
  return api.listAnnotations(bookId);
}

export function saveAnnotation(bookId: string, input: AnnotationInput): Promise<Annotation> {
  return api.saveAnnotation(bookId, input);
}

export function deleteAnnotation(id: string): Promise<void> {
  return api.deleteAnnotation(id);
}

export function countAnnotations(bookId: string): Promise<number> {
  return api.countAnnotations(bookId);
}

export type AnnotationFormat = 'markdown' | 'json';

/** The export file of one book (bookId) or of the whole library (null), ready to download. */
export async function exportAnnotationsFile(bookId: string | null, format: AnnotationFormat): Promise<{ blob: Blob; name: string; count: number }> {
  const data = await api.exportAnnotations(bookId);
  const day = new Date().toISOString().slice(0, 10);
  const slug = bookId && data.books[0] ? data.books[0].title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60).replace(/^-|-$/g, '') : 'library';
  const name = `alex-annotations-${slug}-${day}.${format === 'json' ? 'json' : 'md'}`;
  const blob =
    format === 'json'
      ? new Blob([JSON.stringify(toWebAnnotations(data, Math.floor(Date.now() / 1000), bookId != null), null, 2)], { type: 'application/ld+json' })
      : new Blob([toMarkdown(data, location.origin)], { type: 'text/markdown' });
  return { blob, name, count: data.annotations.length };
}

/** Reads a Web Annotation JSON file and adds what is new; throws INVALID_INPUT for any other file. */
export async function importAnnotationsFile(file: Blob): Promise<AnnotationImportSummary> {
  let doc: unknown;
  try {
    doc = JSON.parse(await file.text());
  } catch {
    throw new AppError('INVALID_INPUT', 'This file is not JSON: choose a Web Annotation file exported from Alex or another reader.');
  }
  const items = fromWebAnnotations(doc);
  return api.importAnnotations(items);
}

export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
