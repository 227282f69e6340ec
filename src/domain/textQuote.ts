/**
 * Finding a quoted passage again in text that may have changed (a new edition of the file), the
 * W3C TextQuoteSelector way: the exact text plus a little context either side. Like Hypothesis's
 * anchoring, an exact match is tried first and ties are broken by the context and by where the
 * passage used to be; failing that, an approximate match with a bounded number of edits.
 * Whitespace is compared collapsed, since re-rendered or re-extracted text rarely keeps it.
 */
import type { TextQuote } from './annotations';

export interface QuoteMatch {
  start: number;
  end: number;
  /** Edits between the stored quote and the text found (0 = exact). */
  errors: number;
}

const CONTEXT = 32;

/** The quote for text[start, end): the exact text and up to 32 characters either side. */
export function quoteAround(text: string, start: number, end: number, context = CONTEXT): TextQuote {
  return { exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - context), start), suffix: text.slice(end, end + context) };
}

/** Text with runs of whitespace collapsed to one space, and where each character came from. */
export function collapseWhitespace(text: string): { text: string; map: number[] } {
  let out = '';
  const map: number[] = [];
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (space) continue;
      space = true;
      out += ' ';
    } else {
      space = false;
      out += c;
    }
    map.push(i);
  }
  map.push(text.length);
  return { text: out, map };
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ');
}

/** Characters agreeing at the end of a (going backwards) and at the start of b. */
function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Ends of the best approximate matches of `pattern` in `text` with at most `maxErrors` edits
 * (Sellers' algorithm: edit distance where the match may start anywhere), with their starts.
 */
function approximate(text: string, pattern: string, maxErrors: number): QuoteMatch[] {
  const m = pattern.length;
  let prev = new Array<number>(m + 1);
  let prevStart = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  let curStart = new Array<number>(m + 1);
  for (let i = 0; i <= m; i++) {
    prev[i] = i;
    prevStart[i] = 0;
  }
  const found: QuoteMatch[] = [];
  for (let j = 1; j <= text.length; j++) {
    cur[0] = 0;
    curStart[0] = j;
    const c = text[j - 1];
    for (let i = 1; i <= m; i++) {
      const sub = prev[i - 1]! + (pattern[i - 1] === c ? 0 : 1);
      const del = prev[i]! + 1;
      const ins = cur[i - 1]! + 1;
      if (sub <= del && sub <= ins) {
        cur[i] = sub;
        curStart[i] = prevStart[i - 1]!;
      } else if (del <= ins) {
        cur[i] = del;
        curStart[i] = prevStart[i]!;
      } else {
        cur[i] = ins;
        curStart[i] = curStart[i - 1]!;
      }
    }
    if (cur[m]! <= maxErrors) found.push({ start: curStart[m]!, end: j, errors: cur[m]! });
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
  }
  return found;
}

/** Work limit for the approximate search (text length × quote length). */
const MAX_CELLS = 40_000_000;

/**
 * Where `quote` is in `text`, or null when it is no longer there. `hint` is the offset where the
 * passage started last time (it breaks ties between repeated passages). Offsets are in `text`.
 */
export function findQuote(text: string, quote: TextQuote, hint?: number): QuoteMatch | null {
  const { text: flat, map } = collapseWhitespace(text);
  const exact = collapse(quote.exact).trim();
  if (!exact) return null;
  const prefix = collapse(quote.prefix);
  const suffix = collapse(quote.suffix);
  const flatHint = hint == null ? undefined : map.findIndex((o) => o >= hint);

  let candidates: QuoteMatch[] = [];
  for (let i = flat.indexOf(exact); i !== -1; i = flat.indexOf(exact, i + 1)) candidates.push({ start: i, end: i + exact.length, errors: 0 });
  if (!candidates.length) {
    const maxErrors = Math.min(64, Math.floor(exact.length / 4));
    if (maxErrors === 0 || flat.length * exact.length > MAX_CELLS) return null;
    const raw = approximate(flat, exact, maxErrors);
    if (!raw.length) return null;
    const best = Math.min(...raw.map((r) => r.errors));
    // Neighbouring ends of the same match: keep the best of each run.
    candidates = raw.filter((r) => r.errors === best);
  }

  const score = (c: QuoteMatch) => {
    let s = -c.errors * 4;
    s += commonSuffix(flat.slice(Math.max(0, c.start - prefix.length), c.start), prefix);
    s += commonPrefix(flat.slice(c.end, c.end + suffix.length), suffix);
    if (flatHint !== undefined && flatHint >= 0) s -= Math.min(20, Math.abs(c.start - flatHint) / 1000);
    return s;
  };
  let best = candidates[0]!;
  let bestScore = score(best);
  for (const c of candidates.slice(1)) {
    const s = score(c);
    if (s > bestScore) [best, bestScore] = [c, s];
  }
  const end = map[best.end - 1]! + 1;
  return { start: map[best.start]!, end, errors: best.errors };
}
