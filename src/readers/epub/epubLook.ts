import type { Rendition } from 'epubjs';

export type EpubTheme = 'light' | 'dark' | 'sepia';
export const FONT_STEPS = [80, 90, 100, 110, 120, 135, 150, 175, 200] as const;
export const DEFAULT_FONT_STEP = 2;

/** Colours inside the book's pages; the chrome follows through data-theme (epub.css). */
const THEME_RULES: Record<EpubTheme, { bg: string; fg: string; link: string }> = {
  light: { bg: '#ffffff', fg: '#1f1d1a', link: '#8a3b12' },
  dark: { bg: '#161514', fg: '#e6e1d9', link: '#e39a6b' },
  sepia: { bg: '#f4ecd8', fg: '#433422', link: '#8a4a12' },
};

/** On the page's body, important: a book's own `body { font-size: 12px }` must not win. */
export function setFontSize(r: Rendition, step: number) {
  (r.themes as unknown as { override(name: string, value: string, priority: boolean): void }).override('font-size', `${FONT_STEPS[step]}%`, true);
}

/** Registers the themes in a new rendition and applies the chosen one and the text size. */
export function applyLook(r: Rendition, theme: EpubTheme, fontStep: number) {
  for (const [name, c] of Object.entries(THEME_RULES)) {
    r.themes.register(name, {
      'html, body': { background: `${c.bg} !important`, color: `${c.fg} !important` },
      // Horizontal swipes inside the page are ours (they turn it): the browser must neither pan
      // nor take them as its back/forward gesture.
      html: { 'overscroll-behavior': 'none', 'touch-action': 'pan-y pinch-zoom' },
      'a, a:visited': { color: `${c.link} !important` },
      // Books that set dark text on their own elements stay readable on the dark theme.
      ...(name === 'dark' ? { 'p, span, div, li, h1, h2, h3, h4, h5, h6, td, th, blockquote, pre, code, dt, dd': { color: 'inherit !important', 'background-color': 'transparent !important' } } : {}),
    });
  }
  r.themes.select(theme);
  setFontSize(r, fontStep);
}
