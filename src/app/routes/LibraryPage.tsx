import { Show } from 'solid-js';
import { bootInfo } from '../../data/boot';
import { ChooseFolderButton } from '../ChooseFolderButton';

export function LibraryPage() {
  return (
    <section class="page">
      <h1>Library</h1>
      <Show when={bootInfo()?.bookCount === 0}>
        <div class="empty-state">
          <p>No books yet.</p>
          <ChooseFolderButton />
        </div>
      </Show>
    </section>
  );
}
