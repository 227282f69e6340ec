import { LibraryView } from '../library/LibraryView';

/** /library: the home page after sign-in. */
export function LibraryPage() {
  return (
    <section class="page library-page">
      <h1>Library</h1>
      <LibraryView />
    </section>
  );
}
