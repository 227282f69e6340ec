/** Book order for annotations: EPUB by CFI, PDF by page, then top to bottom, left to right. */
import type { Annotation } from './annotations';

/**
 * The numbers of a CFI's start point, in document order: steps, then the character offset.
 * For a range `epubcfi(P,S,E)` the start is P followed by S. Assertions in brackets are ignored.
 */
export function cfiStartSteps(cfi: string): number[] {
  const body = cfi.replace(/^epubcfi\(/, '').replace(/\)$/, '').replace(/\[[^\]]*\]/g, '');
  const [parent, start = ''] = body.split(',');
  return `${parent}${start}`
    .split(/[/!:~@]/)
    .filter((s) => s !== '')
    .map((s) => Number.parseFloat(s))
    .filter((n) => Number.isFinite(n));
}

export function compareCfi(a: string, b: string): number {
  const x = cfiStartSteps(a);
  const y = cfiStartSteps(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

export function compareAnnotations(a: Annotation, b: Annotation): number {
  const pa = a.anchor;
  const pb = b.anchor;
  if (pa.cfi && pb.cfi) return compareCfi(pa.cfi, pb.cfi) || a.createdAt - b.createdAt;
  if (pa.page != null && pb.page != null && pa.page !== pb.page) return pa.page - pb.page;
  const ra = pa.rects?.[0];
  const rb = pb.rects?.[0];
  // A bookmark marks the whole page: before what is on it.
  if (!ra || !rb) return (ra ? 1 : 0) - (rb ? 1 : 0) || a.createdAt - b.createdAt;
  return ra.y - rb.y || ra.x - rb.x || a.createdAt - b.createdAt;
}

export function sortAnnotations(list: readonly Annotation[]): Annotation[] {
  return [...list].sort(compareAnnotations);
}
