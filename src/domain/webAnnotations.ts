/**
 * Annotations as W3C Web Annotation JSON, shaped after the EPUB Annotations profile
 * (https://www.w3.org/TR/epub-anno-10/): one AnnotationSet per book, whose `about` names the
 * book; each Annotation has a urn:uuid id, a motivation, created/modified, a TextualBody with
 * the note and the highlight colour, and a target whose selectors are the CFI
 * (FragmentSelector, EPUB CFI), the page (FragmentSelector, RFC 3778 "page=N") and the quote
 * (TextQuoteSelector). What the profile has no term for (PDF rectangles, Alex's book id, the
 * chapter label) travels under "alex:" keys, which other readers ignore. A whole-library export
 * is a JSON array of sets. Reading accepts a set, an array of sets, or a lone annotation.
 */
import type { AnnotatedBook, Annotation, AnnotationColor, AnnotationExport, AnnotationKind, ImportedAnnotation, PageRect, TextQuote } from './annotations';
import { AppError } from './errors';

const CFI_SPEC = 'http://www.idpf.org/epub/linking/cfi/epub-cfi.html';
const PDF_FRAGMENT_SPEC = 'http://tools.ietf.org/rfc/rfc3778';
const CONTEXT = ['http://www.w3.org/ns/anno.jsonld', 'https://www.w3.org/ns/epub-anno.jsonld'];
const MOTIVATION: Record<AnnotationKind, string> = { highlight: 'highlighting', note: 'commenting', bookmark: 'bookmarking' };
const MIME = { pdf: 'application/pdf', epub: 'application/epub+zip' } as const;

type Json = Record<string, unknown>;

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function toWeb(a: Annotation): Json {
  const selector: Json[] = [];
  if (a.anchor.cfi) selector.push({ type: 'FragmentSelector', conformsTo: CFI_SPEC, value: a.anchor.cfi });
  if (a.anchor.page != null) selector.push({ type: 'FragmentSelector', conformsTo: PDF_FRAGMENT_SPEC, value: `page=${a.anchor.page}` });
  if (a.anchor.quote) selector.push({ type: 'TextQuoteSelector', ...a.anchor.quote });
  const target: Json = { source: `urn:sha256:${a.bookHash}`, selector, 'alex:bookId': a.bookId };
  if (a.anchor.rects) target['alex:rects'] = a.anchor.rects;
  if (a.anchor.label != null) target['alex:label'] = a.anchor.label;
  const out: Json = { id: `urn:uuid:${a.id}`, type: 'Annotation', motivation: MOTIVATION[a.kind], created: iso(a.createdAt), modified: iso(a.updatedAt), target };
  if (a.note != null || a.color) {
    const body: Json = { type: 'TextualBody' };
    if (a.note != null) Object.assign(body, { value: a.note, format: 'text/plain' });
    if (a.color) Object.assign(body, { color: a.color, highlight: 'solid' });
    out.body = body;
  }
  return out;
}

function toSet(book: AnnotatedBook, list: Annotation[], now: number): Json {
  return {
    '@context': CONTEXT,
    type: 'AnnotationSet',
    generator: { type: 'Software', name: 'Alex' },
    generated: iso(now),
    about: {
      'dc:identifier': [`urn:alex:book:${book.id}`, `urn:sha256:${book.fileHash}`],
      'dc:format': MIME[book.fileType],
      'dc:title': book.title,
      ...(book.author ? { 'dc:creator': [book.author] } : {}),
    },
    items: list.map(toWeb),
  };
}

/** One AnnotationSet per book; a single book gives the set itself, the library an array. */
export function toWebAnnotations(data: AnnotationExport, now: number, single: boolean): Json | Json[] {
  const sets = data.books.map((b) => toSet(b, data.annotations.filter((a) => a.bookId === b.id), now));
  return single && sets.length === 1 ? sets[0]! : sets;
}

// ---- reading ----

const KIND_OF: Record<string, AnnotationKind> = { highlighting: 'highlight', commenting: 'note', bookmarking: 'bookmark' };

function seconds(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.floor(t / 1000) : null;
}

function stripUrn(v: unknown, prefix: string): string | null {
  return typeof v === 'string' && v.startsWith(prefix) ? v.slice(prefix.length) : null;
}

function fromWeb(raw: Json, about: { id: string | null; hash: string | null }): ImportedAnnotation {
  const target = (Array.isArray(raw.target) ? raw.target[0] : raw.target) as Json | undefined;
  if (!target || typeof target !== 'object') throw new AppError('INVALID_INPUT', 'An annotation has no target.');
  const selectors = (Array.isArray(target.selector) ? target.selector : target.selector ? [target.selector] : []) as Json[];
  const fragment = (spec: string) => selectors.find((s) => s?.type === 'FragmentSelector' && s.conformsTo === spec)?.value;
  const cfi = fragment(CFI_SPEC);
  const pageMatch = /^page=(\d+)$/.exec(String(fragment(PDF_FRAGMENT_SPEC) ?? ''));
  const q = selectors.find((s) => s?.type === 'TextQuoteSelector');
  const quote: TextQuote | null = q ? { exact: String(q.exact ?? ''), prefix: String(q.prefix ?? ''), suffix: String(q.suffix ?? '') } : null;
  const body = (Array.isArray(raw.body) ? raw.body[0] : raw.body) as Json | undefined;
  const kind = KIND_OF[String(raw.motivation)] ?? (body?.value != null ? 'note' : 'highlight');
  const id = stripUrn(raw.id, 'urn:uuid:') ?? (typeof raw.id === 'string' ? raw.id : null);
  if (!id) throw new AppError('INVALID_INPUT', 'An annotation has no id.');
  const createdAt = seconds(raw.created) ?? 0;
  const bookHash = stripUrn(target.source, 'urn:sha256:');
  return {
    id,
    book: { id: typeof target['alex:bookId'] === 'string' ? target['alex:bookId'] : about.id, hash: bookHash ?? about.hash },
    bookHash: bookHash ?? about.hash ?? '',
    kind,
    color: (body?.color as AnnotationColor | undefined) ?? null,
    note: typeof body?.value === 'string' ? body.value : null,
    anchor: {
      cfi: typeof cfi === 'string' ? cfi : null,
      page: pageMatch ? Number(pageMatch[1]) : null,
      quote,
      rects: (target['alex:rects'] as PageRect[] | undefined) ?? null,
      label: typeof target['alex:label'] === 'string' ? target['alex:label'] : null,
    },
    createdAt,
    updatedAt: seconds(raw.modified) ?? createdAt,
  };
}

function aboutOf(set: Json): { id: string | null; hash: string | null } {
  const about = (set.about ?? {}) as Json;
  const ids = ([] as unknown[]).concat(about['dc:identifier'] ?? []);
  const find = (prefix: string) => ids.map((v) => stripUrn(v, prefix)).find((v) => v) ?? null;
  return { id: find('urn:alex:book:'), hash: find('urn:sha256:') };
}

/**
 * The annotations of an export file (already JSON.parse'd). Throws INVALID_INPUT when it is not
 * Web Annotation JSON at all; a malformed annotation inside is the server's to skip and report.
 */
export function fromWebAnnotations(doc: unknown): ImportedAnnotation[] {
  const sets = (Array.isArray(doc) ? doc : [doc]) as Json[];
  const out: ImportedAnnotation[] = [];
  for (const set of sets) {
    if (!set || typeof set !== 'object') continue;
    if (set.type === 'Annotation') out.push(fromWeb(set, { id: null, hash: null }));
    else if (Array.isArray(set.items)) for (const item of set.items as Json[]) out.push(fromWeb(item, aboutOf(set)));
  }
  if (!out.length) throw new AppError('INVALID_INPUT', 'This file has no Web Annotations in it.');
  return out;
}
