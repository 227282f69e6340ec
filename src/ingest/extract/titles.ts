import { cleanLine, LIMITS } from './cleanText';

/** The file name without folders and without its last extension. */
export function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** A title made from a file name: "R-intro.pdf" → "R intro", "my_book__v2.epub" → "my book v2". */
export function tidyFileName(fileName: string): string {
  const tidy = cleanLine(fileStem(fileName).replace(/[_-]+/g, ' '), LIMITS.title);
  return tidy ?? (cleanLine(fileName, LIMITS.title) || 'Untitled');
}

// Titles that tools write when the author left the field alone.
const PLACEHOLDERS = new Set([
  'untitled', 'untitled document', 'no title', 'title', 'document', 'unknown', 'none', 'null', 'undefined', 'n/a',
  'powerpoint presentation', 'slide 1', 'layout 1', 'book', 'ebook', 'epub', 'pdf', 'main', 'index', 'output',
]);

const FILE_EXTENSION = /\.(?:pdf|e?ps|dvi|tex|docx?|odt|rtf|txt|html?|xhtml|md|indd|qxd|qxp|pub|pages|key|pptx?|xlsx?|epub|mobi|azw3?|fb2|djvu|cbz|png|jpe?g|tiff?)$/i;

/**
 * True when a title from the file's metadata says nothing: empty, a known placeholder
 * ("Untitled…"), a file name or path ("Microsoft Word - thesis.doc", "C:\\work\\x.pdf"), or
 * no letters or digits at all.
 */
export function isPlaceholderTitle(title: string): boolean {
  const t = title.trim();
  if (t === '') return true;
  if (PLACEHOLDERS.has(t.toLowerCase()) || /^untitled\b/i.test(t)) return true;
  if (!/[\p{L}\p{N}]/u.test(t)) return true;
  if (FILE_EXTENSION.test(t)) return true;
  if (/^[a-z]:\\|^\/(?:home|users|tmp|var)\//i.test(t)) return true;
  return false;
}

/**
 * A title that is really a slug: the file's own name ("developers-reference"), or words
 * joined by underscores, or three or more lower-case words joined by dashes. "X-Men" and
 * "Catch-22" are titles.
 */
export function isSlugTitle(title: string, fileName: string): boolean {
  const t = title.trim();
  if (t.toLowerCase() === fileStem(fileName).toLowerCase()) return true;
  return !/\s/.test(t) && (/[^_]_[^_]/.test(t) || /^[a-z0-9]+(?:-[a-z0-9]+){2,}$/.test(t));
}

/**
 * The first candidate that is a real title, cleaned (a slug is tidied: "developers-reference"
 * → "developers reference", keeping the metadata's capitals); else the tidied file name.
 */
export function pickTitle(candidates: Array<string | null | undefined>, fileName: string): string {
  for (const c of candidates) {
    let title = cleanLine(c, LIMITS.title);
    if (!title || isPlaceholderTitle(title)) continue;
    if (isSlugTitle(title, fileName)) title = cleanLine(title.replace(/[_-]+/g, ' '), LIMITS.title);
    if (title && !isPlaceholderTitle(title)) return title;
  }
  return tidyFileName(fileName);
}
