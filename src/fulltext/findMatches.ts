import { fold } from '../domain/search';

/**
 * Where a text query's phrases occur in a piece of original text (a page, a chapter's DOM text),
 * as ranges of the original string: folding is done character by character so positions map
 * back ("ﬁ" folds to two letters, "é" to one). Word rules as in the index: each phrase's words in
 * order with anything but letters and digits between them, the last word a prefix.
 */
export interface TextRange {
  start: number;
  end: number;
}

function foldWithMap(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    // Each character's fold lands where the character was; ASCII letters fold to themselves.
    const f = ch.length === 1 && ch < '\u0080' ? ch.toLowerCase() : fold(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(i);
  return { folded, origin };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function phraseRegExp(phrases: string[][]): RegExp | null {
  const alts = phrases.filter((p) => p.length).map((p) => p.map(escape).join('[^\\p{L}\\p{N}]+') + '[\\p{L}\\p{N}]*');
  return alts.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})`, 'gu') : null;
}

export function findMatches(text: string, phrases: string[][], limit = 10_000): TextRange[] {
  const re = phraseRegExp(phrases);
  if (!re) return [];
  const { folded, origin } = foldWithMap(text);
  const out: TextRange[] = [];
  for (const m of folded.matchAll(re)) {
    out.push({ start: origin[m.index]!, end: origin[m.index + m[0].length]! });
    if (out.length >= limit) break;
  }
  return out;
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** About `size` characters around the first match, every match in it marked. */
export function makeSnippet(text: string, phrases: string[][], size = 180): SnippetPart[] {
  const all = findMatches(text, phrases, 200);
  const first = all[0];
  let from = first ? Math.max(0, first.start - Math.floor(size / 3)) : 0;
  let to = Math.min(text.length, from + size);
  // Start and end on a word boundary.
  if (from > 0) from = text.indexOf(' ', from) + 1 || from;
  if (to < text.length) to = Math.max(text.lastIndexOf(' ', to), first?.end ?? 0) || to;
  const parts: SnippetPart[] = [];
  const clean = (s: string) => s.replace(/\s+/g, ' ');
  let at = from;
  for (const r of all) {
    if (r.start < from || r.end > to) continue;
    if (r.start > at) parts.push({ text: clean(text.slice(at, r.start)), hit: false });
    parts.push({ text: clean(text.slice(r.start, r.end)), hit: true });
    at = r.end;
  }
  if (at < to) parts.push({ text: clean(text.slice(at, to)), hit: false });
  if (from > 0 && parts[0]) parts[0] = { ...parts[0], text: '…' + parts[0].text };
  if (to < text.length && parts.length) parts[parts.length - 1]!.text += '…';
  return parts;
}
