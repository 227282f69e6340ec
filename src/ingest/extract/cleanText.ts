/** Bounds on stored metadata, in UTF-16 code units (what SQLite's length() and the UI see). */
export const LIMITS = { title: 500, author: 500, description: 5000 } as const;

// C0/C1 controls; bidi embeddings, overrides and isolates (they can make a title display as
// something else); BOM and zero-width space; non-characters. ZWJ/ZWNJ and LRM/RLM stay:
// scripts and emoji need them.
const UNWANTED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff\u200b\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function scrub(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd').normalize('NFC').replace(UNWANTED, '');
}

/** Cuts to at most `max` code units without splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return s.slice(0, cut).trimEnd();
}

/** One line of text (title, author): controls removed, whitespace collapsed, trimmed, bounded; '' → null. */
export function cleanLine(s: string | null | undefined, max: number): string | null {
  if (s == null) return null;
  // Pre-bound: whatever the source, we never scan megabytes for a 500-character field.
  const out = truncate(scrub(s.slice(0, max * 4 + 64)).replace(/\s+/g, ' ').trim(), max);
  return out === '' ? null : out;
}

/** Paragraphs of text (description): like cleanLine, but keeps paragraph breaks ("\n\n") and line breaks. */
export function cleanParagraphs(s: string | null | undefined, max: number): string | null {
  if (s == null) return null;
  const text = scrub(s.slice(0, max * 4 + 64).replace(/\r\n?/g, '\n'))
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const out = truncate(text, max);
  return out === '' ? null : out;
}
