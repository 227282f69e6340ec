import { Show } from 'solid-js';
import { rebuildTextIndex, setTextIndexPaused, textIndexPaused, textIndexStatus } from '../../fulltext/textIndexer';
import '../AdminPanels.css';
import './fulltext.css';

/** Admin → Library: how far the full-text index is, with Pause / Resume and Rebuild. */
export function TextIndexPanel() {
  const s = textIndexStatus;
  return (
    <section class="card admin-panel text-index-panel" aria-labelledby="text-index-h">
      <h2 id="text-index-h">Search inside books</h2>
      <p data-testid="text-index-count">
        Text index: {s().settled.toLocaleString()} of {s().total.toLocaleString()} books
        <Show when={textIndexPaused()}> (paused)</Show>
      </p>
      <progress max={Math.max(1, s().total)} value={s().settled} aria-label="Text index progress" />
      <Show when={s().message}>
        <p class="muted" role="status">
          {s().message}
        </p>
      </Show>
      <p class="muted">
        Words inside your books are found by the library's Search box. The index lives in this browser only and is never part of a backup; it is rebuilt from the books when needed.
      </p>
      <div class="actions">
        <button onClick={() => setTextIndexPaused(!textIndexPaused())}>{textIndexPaused() ? 'Resume' : 'Pause'}</button>
        <button onClick={() => void rebuildTextIndex()}>Rebuild</button>
      </div>
    </section>
  );
}
