import type { Page } from 'playwright-core';

export const pdfReady = (page: Page) => page.waitForSelector('.pdf-reader[data-status="ready"]', { timeout: 60_000 });
export const epubReady = (page: Page) => page.waitForSelector('.epub-reader[data-status="ready"]', { timeout: 60_000 });

/** Selects the first `length` characters of the first text node with enough text under `root` (as a user's drag would). */
export function selectText(root: Element, length: number): string {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if ((n.textContent ?? '').trim().length < length) continue;
    const range = doc.createRange();
    const start = n.textContent!.search(/\S/);
    range.setStart(n, start);
    range.setEnd(n, start + length);
    const sel = doc.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    return range.toString();
  }
  throw new Error('no text to select');
}
