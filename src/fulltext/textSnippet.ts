import type { BookText } from './bookText';
import { findMatches, makeSnippet, type SnippetPart } from './findMatches';

export interface TextSnippet {
  /** The section the first match is in: where "open at the match" goes. */
  section: number;
  parts: SnippetPart[];
}

/**
 * The text around the first match in a hit's row (its sections in order, src/fulltext/textRows.ts),
 * matches marked, and the section it is in: the index narrows a match to a row, the text says
 * which page. A section that cannot be read is passed over; when none holds the words (the text
 * read differently than when indexed) the first readable one is shown unmarked.
 */
export async function textSnippet(text: BookText, sections: number[], phrases: string[][]): Promise<TextSnippet | null> {
  let shown: { section: number; text: string } | null = null;
  for (const section of sections) {
    let t: string;
    try {
      t = await text.section(section);
    } catch {
      continue;
    }
    if (findMatches(t, phrases, 1).length) return { section, parts: makeSnippet(t, phrases) };
    shown ??= { section, text: t };
  }
  return shown && { section: shown.section, parts: makeSnippet(shown.text, phrases) };
}
