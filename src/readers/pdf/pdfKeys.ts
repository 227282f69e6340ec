import type { Accessor, Setter } from 'solid-js';
import { isNarrowScreen, isTypingTarget } from '../readerInput';
import type { PdfControls } from './pdfControls';
import type { PdfSearch } from './pdfSearch';

interface Panels {
  viewMenuOpen: Accessor<boolean>;
  setViewMenuOpen: Setter<boolean>;
  outlineOpen: Accessor<boolean>;
  setOutlineOpen: Setter<boolean>;
}

/** The PDF reader's keys: pages, scrolling, zoom, Ctrl/Cmd+F, Escape closing what is open. */
export function pdfKeyHandler(c: PdfControls, search: PdfSearch, panels: Panels) {
  return (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      search.openSearch();
      return;
    }
    if (e.key === 'Escape') {
      if (search.open()) search.closeSearch();
      else if (panels.viewMenuOpen()) panels.setViewMenuOpen(false);
      else if (panels.outlineOpen() && isNarrowScreen()) panels.setOutlineOpen(false);
      return;
    }
    if (!c.ready() || mod || e.altKey) return;
    if (isTypingTarget(e.target)) return;
    switch (e.key) {
      case 'ArrowLeft':
      case 'PageUp':
        c.prev();
        break;
      case 'ArrowRight':
      case 'PageDown':
        c.next();
        break;
      case 'ArrowUp':
        c.scrollBy(-60);
        break;
      case 'ArrowDown':
        c.scrollBy(60);
        break;
      case 'Home':
        c.goTo(1);
        break;
      case 'End':
        c.goTo(c.pageCount());
        break;
      case '+':
      case '=':
        c.zoom(1);
        break;
      case '-':
      case '_':
        c.zoom(-1);
        break;
      default:
        return;
    }
    e.preventDefault();
  };
}
