/**
 * What the readers depend on, so the same components serve /read/:bookId (signed in, progress
 * in the database) and the public share page (no session, progress in this browser).
 */
import type { JSX } from 'solid-js';
import type { FileType } from '../domain/types';
export type { SavedPosition } from '../domain/progress';
import type { SavedPosition } from '../domain/progress';
import type { Annotation, AnnotationInput } from '../domain/annotations';

/**
 * Where a reader keeps its place. `save` is called on every page or location change and must
 * return at once: a store coalesces bursts (the last position wins) and writes in the background.
 * `flush` resolves once everything saved so far is written (on pagehide, hidden tab, unmount).
 */
export interface ProgressStore {
  load(): Promise<SavedPosition | null>;
  save(p: SavedPosition): void;
  flush(): Promise<void>;
}

/**
 * Where a reader keeps the user's highlights, notes and bookmarks for the open book (issue 17).
 * Readers place them with src/domain/annotationPlacement.ts and list what cannot be placed.
 */
export interface AnnotationStore {
  list(): Promise<Annotation[]>;
  /** Creates (no id) or changes one; resolves with the stored annotation. */
  save(input: AnnotationInput): Promise<Annotation>;
  remove(id: string): Promise<void>;
}

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/** A book as a reader needs it: enough to show and to key caches, plus its bytes. */
export interface OpenedBook {
  id: string;
  title: string;
  author?: string | null;
  fileType: FileType;
  /** Content hash when known: keys caches (EPUB locations) that must follow the content. */
  fileHash?: string | null;
  file: Blob;
}

/** Loads a book for the reader page; throws AppError (NOT_FOUND, FORBIDDEN…) with a message to show. */
export type BookLoader = () => Promise<OpenedBook>;

/** What both format readers receive from the page. */
export interface FormatReaderProps {
  book: OpenedBook;
  store: ProgressStore;
  /** Absent where annotations are not kept (the public share page). */
  annotations?: AnnotationStore;
  /** Resume here (already loaded by the page, so a reader paints straight at the right place). */
  initial: SavedPosition | null;
  onBack: () => void;
  /** Open at a full-text search hit instead (its words highlighted). */
  jump?: TextJump | null;
  /** Called when the first page is on screen, or the opening stopped (an error, a password to type). */
  onShown?: () => void;
}

/**
 * Bytes out of reach until the user acts (a picked folder whose permission lapsed): the page
 * then offers "Reconnect folder" instead of "Try again".
 */
export interface FileAccess {
  /** The loader's error means access must be granted again. */
  needsAccess(e: unknown): boolean;
  /** Asks for it (from a click: browsers require a gesture); true when granted. */
  requestAccess(): Promise<boolean>;
  /** Its own explanation of an error the page's words do not fit (a book only on another device), or null. */
  explain?(e: unknown, retry: () => void, back: () => void): JSX.Element | null;
}

/** Open at a place found by a text search: a PDF page, or an EPUB spine item and part. */
export interface TextJump {
  /** Where the match is: one section, or the few of an index row it is in, in order (src/fulltext/textJump.ts). */
  sections: number[];
  /** What was searched: the reader highlights it and steps through its matches. */
  query: string;
}
