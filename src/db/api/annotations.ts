import type { Annotation, AnnotationInput } from '../../domain/annotations';
import type { FileType } from '../../domain/types';
import type { Token } from './common';

/** A book as exports name it (title for people, id and hash to find it again on import). */
export interface AnnotatedBook {
  id: string;
  title: string;
  author: string | null;
  fileType: FileType;
  fileHash: string;
}

export interface AnnotationExport {
  books: AnnotatedBook[];
  annotations: Annotation[];
}

/** An annotation read from an export file (src/domain/webAnnotations.ts): its book by id or hash. */
export interface ImportedAnnotation extends AnnotationInput {
  id: string;
  book: { id: string | null; hash: string | null };
  bookHash: string;
  createdAt: number;
  updatedAt: number;
}

export interface AnnotationImportSummary {
  added: number;
  updated: number;
  /** Already here, and not older than ours: nothing to do (importing the same file twice). */
  unchanged: number;
  /** Annotations of books this library does not have, or malformed ones, with the reason. */
  skipped: { text: string; reason: string }[];
}

/** Each user's own highlights, notes and bookmarks; nobody else's are ever read or written. */
export interface AnnotationsApi {
  listAnnotations(token: Token, bookId: string): Promise<Annotation[]>;
  /** Creates (no id) or changes one of the caller's annotations. Throws NOT_FOUND, INVALID_INPUT. */
  saveAnnotation(token: Token, bookId: string, input: AnnotationInput): Promise<Annotation>;
  deleteAnnotation(token: Token, id: string): Promise<void>;
  countAnnotations(token: Token, bookId: string): Promise<number>;
  /** One book's annotations, or the whole library's (bookId null), with the books they belong to. */
  exportAnnotations(token: Token, bookId: string | null): Promise<AnnotationExport>;
  /** Adds what is new, updates what is newer, never duplicates (ids are stable). */
  importAnnotations(token: Token, items: ImportedAnnotation[]): Promise<AnnotationImportSummary>;
}
