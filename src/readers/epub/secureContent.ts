import ePub, { type Book, type Contents } from 'epubjs';

const OUTSIDE = new Set(['http', 'https', 'mailto']);
const XLINK = 'http://www.w3.org/1999/xlink';

/**
 * Opens a book for reading. epub.js's default turns each resource of the book into a blob: URL
 * of the app's own origin, typed by its file name: an SVG with a script, or an XHTML file used
 * as an image, then runs with the app's rights if the reader opens it at top level (Open image
 * in new tab, a drag). As data: URLs they have no origin of their own: such a page can touch
 * nothing of the app, and Chromium refuses to navigate a page to one.
 *
 * epub.js encodes a style sheet's text for its data: URL with btoa, which throws on any
 * character outside Latin-1 (a typographic quote in a comment is enough) and leaves the book
 * opening for ever; so style sheets reach it as ASCII, other characters written as CSS escapes.
 */
export function openBook(bytes: ArrayBuffer): Book {
  const book = ePub(bytes, { replacements: 'base64' });
  // The archive exists as soon as the book is created; style sheets are read from it later.
  const archive = (book as unknown as { archive: { getText(url: string, encoding?: string): Promise<string> | undefined } }).archive;
  const getText = archive.getText.bind(archive);
  archive.getText = (url, encoding) => {
    const text = getText(url, encoding);
    return text && isStyleSheet(book, url) ? text.then(asciiCss) : text;
  };
  return book;
}

function isStyleSheet(book: Book, url: string): boolean {
  if (/\.css$/i.test(url)) return true;
  const manifest = (book as unknown as { packaging?: { manifest?: Record<string, { href: string; type: string }> } }).packaging?.manifest ?? {};
  return Object.values(manifest).some((item) => item.type === 'text/css' && book.resolve(item.href) === url);
}

/** CSS with every non-ASCII character as an escape (`\\hex ` ends where the space is). */
export function asciiCss(css: string): string {
  return css.replace(/[^\x00-\x7f]/gu, (ch) => `\\${ch.codePointAt(0)!.toString(16)} `);
}

/** Link targets that would open a resource of the book as a page (blob:, data:, javascript:…). */
function opensBookResource(href: string): boolean {
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  return !!scheme && !OUTSIDE.has(scheme);
}

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
  // Image maps and SVG links have no click handler of ours: a resource URL there is dropped.
  for (const area of Array.from(doc.querySelectorAll('area[href]'))) if (opensBookResource(area.getAttribute('href') ?? '')) area.removeAttribute('href');
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    if (el.namespaceURI !== 'http://www.w3.org/2000/svg' || el.localName !== 'a') continue;
    if (opensBookResource(el.getAttributeNS(XLINK, 'href') ?? '')) el.removeAttributeNS(XLINK, 'href');
    if (opensBookResource(el.getAttribute('href') ?? '')) el.removeAttribute('href');
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
