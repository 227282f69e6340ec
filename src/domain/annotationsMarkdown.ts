/** Annotations as Markdown for people: per book, in book order, each quote with its note and a link back. */
import type { Annotation, AnnotationExport } from './annotations';
import { sortAnnotations } from './annotationOrder';

/** Where an annotation opens in Alex: the reader route, with the annotation in the fragment. */
export function annotationLink(origin: string, a: Pick<Annotation, 'bookId' | 'id'>): string {
  return `${origin}/read/${encodeURIComponent(a.bookId)}#annotation=${encodeURIComponent(a.id)}`;
}

/** The fragment a reader opens at, from annotationLink. */
export function annotationIdFromHash(hash: string): string | null {
  const m = /^#?annotation=([^&]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]!) : null;
}

function quoteBlock(text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((l) => `> ${l}`)
    .join('\n');
}

const KIND = { highlight: 'Highlight', note: 'Note', bookmark: 'Bookmark' } as const;

function where(a: Annotation): string {
  return a.anchor.label ?? (a.anchor.page != null ? `Page ${a.anchor.page}` : 'Location');
}

export function toMarkdown(data: AnnotationExport, origin: string): string {
  const out: string[] = [];
  for (const b of data.books) {
    out.push(`# ${b.title}${b.author ? ` — ${b.author}` : ''}`, '');
    for (const a of sortAnnotations(data.annotations.filter((x) => x.bookId === b.id))) {
      const colour = a.color ? ` (${a.color})` : '';
      out.push(`## ${KIND[a.kind]}${colour}: ${where(a)}`, '');
      if (a.anchor.quote?.exact) out.push(quoteBlock(a.anchor.quote.exact), '');
      if (a.note) out.push(a.note.trim(), '');
      out.push(`[Open in Alex](${annotationLink(origin, a)})`, '');
    }
  }
  return out.join('\n');
}
