/**
 * Starts what opening a book will need before the click: the reader's code for its format and,
 * for a PDF, pdf.js with its worker (parsing the 1.2 MB worker module is the largest part of
 * opening a PDF). Called when the pointer or focus reaches a book's card; each part loads once
 * per tab, so calling it again costs nothing.
 */
import { readerMark } from './readerMarks';

const warmed = new Set<string>();

export function warmReader(fileType: 'pdf' | 'epub'): void {
  if (warmed.has(fileType)) return;
  warmed.add(fileType);
  readerMark('warm');
  const parts: Promise<unknown>[] = [import('./ReaderPage')];
  if (fileType === 'pdf') parts.push(import('./pdf/PdfReader'), import('./pdf/openPdf').then((m) => m.loadPdfjs()));
  else parts.push(import('./epub/EpubReader'));
  // A part that failed to load (offline, a new deployment) is tried again on the next card.
  Promise.all(parts).catch(() => warmed.delete(fileType));
}
