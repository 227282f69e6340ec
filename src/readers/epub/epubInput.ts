import type { Accessor, Setter } from 'solid-js';
import { isTypingTarget } from '../readerInput';

interface Turns {
  ready: Accessor<boolean>;
  next: () => void;
  prev: () => void;
}

/** ← → / PageUp PageDown turn pages; Escape closes the settings, then the contents. */
export function epubKeyHandler(t: Turns, panels: { settingsOpen: Accessor<boolean>; setSettingsOpen: Setter<boolean>; tocOpen: Accessor<boolean>; setTocOpen: Setter<boolean> }) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      if (panels.settingsOpen()) panels.setSettingsOpen(false);
      else if (panels.tocOpen()) panels.setTocOpen(false);
      return;
    }
    if (!t.ready() || e.ctrlKey || e.metaKey || e.altKey) return;
    if (isTypingTarget(e.target)) return;
    switch (e.key) {
      case 'ArrowLeft':
      case 'PageUp':
        t.prev();
        break;
      case 'ArrowRight':
      case 'PageDown':
        t.next();
        break;
      default:
        return;
    }
    e.preventDefault();
  };
}

/** A click on the outer quarters of a page turns it (not on links, not while selecting). */
export function pageTurnClick(area: () => DOMRect, enabled: () => boolean, t: Omit<Turns, 'ready'>) {
  return (e: MouseEvent) => {
    if (!enabled() || e.defaultPrevented) return;
    const target = e.target as Element | null;
    if (target?.closest?.('a, button, input, select, textarea, audio, video')) return;
    const sel = (e.view as Window | null)?.getSelection?.();
    if (sel && !sel.isCollapsed) return;
    const frame = (e.view as Window | null)?.frameElement;
    if (!frame) return;
    const x = frame.getBoundingClientRect().left + e.clientX;
    const box = area();
    const rel = (x - box.left) / box.width;
    if (rel < 0.25) t.prev();
    else if (rel > 0.75) t.next();
  };
}
