import { Icon } from '../icons';
import type { EpubFind } from './epubFind';

/** Under the toolbar after opening at a search hit: the words, "n of N" in the whole book, previous/next match, close. */
export function EpubFindBar(props: { find: EpubFind }) {
  const f = props.find;
  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.target as HTMLElement).tagName !== 'BUTTON') {
      e.preventDefault();
      f.step(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      f.close();
    }
  };
  return (
    <div class="reader-searchbar" role="search" aria-label="Matches in this book" onKeyDown={keys}>
      <span class="find-query" title="Searched for">
        {f.query()}
      </span>
      <output class="match-count" aria-live="polite" data-testid="match-count">
        {f.text()}
      </output>
      <button class="icon-btn" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={!f.matches()?.length} onClick={() => f.step(-1)}>
        <Icon name="up" />
      </button>
      <button class="icon-btn" aria-label="Next match" title="Next match (Enter)" disabled={!f.matches()?.length} onClick={() => f.step(1)}>
        <Icon name="down" />
      </button>
      <button class="icon-btn" aria-label="Close search" title="Close (Esc)" onClick={() => f.close()}>
        <Icon name="close" />
      </button>
    </div>
  );
}
