import { Icon } from '../icons';
import type { PdfSearch } from './pdfSearch';

/** The bar under the toolbar while searching: query, "n of N", previous/next match, close. */
export function PdfSearchBar(props: { search: PdfSearch }) {
  const s = props.search;
  return (
    <div class="reader-searchbar" role="search">
      <input
        ref={s.setInput}
        type="search"
        aria-label="Search in document"
        placeholder="Search in document"
        value={s.query()}
        onInput={(e) => s.typed(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (s.query()) s.find('again', e.shiftKey);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            s.closeSearch();
          }
        }}
      />
      <output class="match-count" aria-live="polite" data-testid="match-count">
        {s.matchText()}
      </output>
      <button class="icon-btn" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={!s.matches()?.total} onClick={() => s.find('again', true)}>
        <Icon name="up" />
      </button>
      <button class="icon-btn" aria-label="Next match" title="Next match (Enter)" disabled={!s.matches()?.total} onClick={() => s.find('again')}>
        <Icon name="down" />
      </button>
      <button class="icon-btn" aria-label="Close search" title="Close (Esc)" onClick={() => s.closeSearch()}>
        <Icon name="close" />
      </button>
    </div>
  );
}
