import type { Contents } from 'epubjs';

const OUTSIDE = new Set(['http', 'https', 'mailto']);

/**
 * Runs on every page epub.js renders. The iframe is sandboxed without allow-scripts, so a book's
 * scripts and inline handlers never run; this removes them anyway (nothing left to re-enable by
 * mistake) and makes links to outside the book open in a new tab from the app's own window:
 * the sandbox has no allow-popups, so target=_blank alone would be blocked. Other schemes
 * (javascript:, data:, file:) are never followed.
 */
export function secureContent(contents: Contents): void {
  const doc = (contents as unknown as { document: Document }).document;
  if (!doc) return;
  for (const s of Array.from(doc.querySelectorAll('script'))) s.remove();
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
  }
  for (const a of Array.from(doc.querySelectorAll('a[href]'))) {
    const href = a.getAttribute('href') ?? '';
    const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
    if (!scheme) continue; // a link inside the book: epub.js displays it
    (a as HTMLAnchorElement).onclick = null;
    if (!OUTSIDE.has(scheme)) {
      a.removeAttribute('href');
      continue;
    }
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
    a.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      window.open(href, '_blank', 'noopener,noreferrer');
    });
  }
}
