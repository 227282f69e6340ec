import { MatchSteps } from '../ReaderChrome';
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
      <MatchSteps text={s.matchText()} enabled={!!s.matches()?.total} onStep={(back) => s.find('again', back)} onClose={() => s.closeSearch()} />
    </div>
  );
}
