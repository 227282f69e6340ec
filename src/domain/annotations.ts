/**
 * Highlights, notes and bookmarks (issue 17): the plain types every layer shares, and the checks
 * on what a caller may store. No DOM, no SQL.
 */
import { AppError } from './errors';

export const ANNOTATION_COLORS = ['yellow', 'green', 'blue', 'pink'] as const;
export type AnnotationColor = (typeof ANNOTATION_COLORS)[number];
export const ANNOTATION_KINDS = ['highlight', 'note', 'bookmark'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** W3C TextQuoteSelector: the selected text and a little context either side, to find it again. */
export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

/** A rectangle on a PDF page in page units at scale 1 (CSS px of the unscaled viewport), origin top-left. */
export interface PageRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where an annotation sits. EPUB: `cfi` (a range CFI, or a point for a bookmark). PDF: `page`
 * (1-based) and, for a highlight, its `rects`. Both keep the `quote` to re-anchor after the file
 * changes, and a `label` (chapter title or "Page 12") for lists and exports.
 */
export interface AnnotationAnchor {
  cfi: string | null;
  page: number | null;
  quote: TextQuote | null;
  rects: PageRect[] | null;
  label: string | null;
}

export interface Annotation {
  id: string;
  userId: string;
  bookId: string;
  /** SHA-256 of the book's file when the annotation was made. */
  bookHash: string;
  kind: AnnotationKind;
  color: AnnotationColor | null;
  note: string | null;
  anchor: AnnotationAnchor;
  /** Unix seconds. */
  createdAt: number;
  updatedAt: number;
}

/** What a reader sends: a new annotation (no id) or a change to one of the caller's own. */
export interface AnnotationInput {
  id?: string;
  kind: AnnotationKind;
  color: AnnotationColor | null;
  note: string | null;
  anchor: AnnotationAnchor;
}

const MAX_NOTE = 20_000;
const MAX_QUOTE = 10_000;
const MAX_RECTS = 500;

function bad(message: string): never {
  throw new AppError('INVALID_INPUT', message);
}

function str(v: unknown, what: string, max: number): string {
  if (typeof v !== 'string') bad(`${what} must be text.`);
  if (v.length > max) bad(`${what} is too long.`);
  return v;
}

function optStr(v: unknown, what: string, max: number): string | null {
  return v == null ? null : str(v, what, max);
}

function checkQuote(q: unknown): TextQuote | null {
  if (q == null) return null;
  if (typeof q !== 'object') bad('The quote is malformed.');
  const o = q as Record<string, unknown>;
  return { exact: str(o.exact, 'The quote', MAX_QUOTE), prefix: str(o.prefix ?? '', 'The quote prefix', 200), suffix: str(o.suffix ?? '', 'The quote suffix', 200) };
}

function checkRects(r: unknown): PageRect[] | null {
  if (r == null) return null;
  if (!Array.isArray(r) || r.length > MAX_RECTS) bad('The highlight rectangles are malformed.');
  return r.map((x: unknown) => {
    const o = (x ?? {}) as Record<string, unknown>;
    const n = [o.x, o.y, o.width, o.height];
    if (!n.every((v) => typeof v === 'number' && Number.isFinite(v))) bad('The highlight rectangles are malformed.');
    return { x: o.x as number, y: o.y as number, width: o.width as number, height: o.height as number };
  });
}

/** Validates an anchor from outside (a reader, an imported file); throws INVALID_INPUT. */
export function checkAnchor(a: unknown): AnnotationAnchor {
  if (!a || typeof a !== 'object') bad('An annotation needs a place in the book.');
  const o = a as Record<string, unknown>;
  const cfi = optStr(o.cfi, 'The location', 4096);
  if (cfi !== null && !/^epubcfi\(.+\)$/.test(cfi)) bad('The location is not an EPUB CFI.');
  const page = o.page == null ? null : o.page;
  if (page !== null && (typeof page !== 'number' || !Number.isInteger(page) || page < 1)) bad('The page must be a whole number from 1.');
  if (cfi === null && page === null) bad('An annotation needs a CFI or a page.');
  return { cfi, page: page as number | null, quote: checkQuote(o.quote), rects: checkRects(o.rects), label: optStr(o.label, 'The label', 500) };
}

/** Validates what a caller asks to store; throws INVALID_INPUT with a message to show. */
export function checkAnnotationInput(input: unknown): AnnotationInput {
  if (!input || typeof input !== 'object') bad('Nothing to save.');
  const o = input as Record<string, unknown>;
  if (!ANNOTATION_KINDS.includes(o.kind as AnnotationKind)) bad('Unknown kind of annotation.');
  const kind = o.kind as AnnotationKind;
  const color = o.color == null ? null : (o.color as AnnotationColor);
  if (color !== null && !ANNOTATION_COLORS.includes(color)) bad('Unknown highlight colour.');
  const anchor = checkAnchor(o.anchor);
  if (kind !== 'bookmark' && !anchor.quote?.exact) bad('A highlight or note needs the selected text.');
  const note = optStr(o.note, 'The note', MAX_NOTE);
  const id = o.id == null ? undefined : str(o.id, 'The id', 100);
  return { id, kind, color: kind === 'bookmark' ? null : (color ?? 'yellow'), note: note === '' ? null : note, anchor };
}
