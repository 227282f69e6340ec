import type { TextQuote } from '../../domain/annotations';
import { quoteAround } from '../../domain/textQuote';

/** The selected text with its context, measured in the text of `root` (a page's text layer, a chapter's body). */
export function quoteOfRange(range: Range, root: Node): TextQuote {
  const before = root.ownerDocument!.createRange();
  before.setStart(root, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return quoteAround(root.textContent ?? '', start, start + range.toString().length);
}
