/**
 * Colours of a book's typographic placeholder cover: picked from a small set of cloth-binding
 * colours by a hash of title and author, so a book keeps its colour across reloads and tabs.
 */
export interface Palette {
  bg: string;
  ink: string;
  rule: string;
}

const PALETTES: Palette[] = [
  { bg: '#7a2e2a', ink: '#f6e7d8', rule: '#d9a56b' }, // oxblood
  { bg: '#1f4e5a', ink: '#e8f1ef', rule: '#9cc8c0' }, // teal
  { bg: '#2d3a66', ink: '#eef0fa', rule: '#c7b476' }, // navy, gilt
  { bg: '#3f5a36', ink: '#f1f3e6', rule: '#c9c27d' }, // moss
  { bg: '#6b4a2b', ink: '#f7ecdc', rule: '#e0b985' }, // tan leather
  { bg: '#512f57', ink: '#f4e9f5', rule: '#d6a6c9' }, // plum
  { bg: '#8c5a17', ink: '#fff4df', rule: '#f3d38b' }, // ochre
  { bg: '#2f2f33', ink: '#f0ede6', rule: '#c9a46a' }, // charcoal
  { bg: '#9b4426', ink: '#fff0e4', rule: '#f2c38f' }, // rust
  { bg: '#335c81', ink: '#eef5fb', rule: '#a9cbe6' }, // slate blue
  { bg: '#5b6b2f', ink: '#f6f6e8', rule: '#d7d590' }, // olive
  { bg: '#7d3b4f', ink: '#fbeef1', rule: '#e7aab9' }, // rose
];

/** FNV-1a: tiny, stable, well spread for short strings. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function paletteFor(title: string, author: string | null): Palette {
  return PALETTES[hashString(`${title}\u0000${author ?? ''}`) % PALETTES.length]!;
}
