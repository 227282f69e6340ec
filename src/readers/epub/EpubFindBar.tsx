import { MatchSteps } from '../ReaderChrome';
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
      <MatchSteps text={f.text()} enabled={!!f.matches()?.length} onStep={(back) => f.step(back ? -1 : 1)} onClose={() => f.close()} />
    </div>
  );
}
