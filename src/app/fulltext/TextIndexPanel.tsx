import { Show } from 'solid-js';
import { rebuildTextIndex, setTextIndexPaused, textIndexPaused, textIndexStatus } from '../../fulltext/textIndexer';
import '../AdminPanels.css';
import './fulltext.css';

/** Admin → Library: how far the full-text index is, with Pause / Resume and Rebuild. */
export function TextIndexPanel() {
  const s = textIndexStatus;
  const done = () => s().counted && s().settled >= s().total;
  return (
    <section class="card admin-panel text-index-panel" aria-labelledby="text-index-h">
      <h2 id="text-index-h">Search inside books</h2>
      <p data-testid="text-index-count" data-running={s().running ? 'true' : 'false'}>
        <Show when={s().counted} fallback="Text index: counting books…">
          Text index: {s().settled.toLocaleString()} of {s().total.toLocaleString()} books
          <Show when={textIndexPaused() && !done()}> (paused)</Show>
        </Show>
      </p>
      <progress max={Math.max(1, s().total)} value={s().settled} aria-label="Text index progress" />
      <p class="muted small" data-testid="text-index-activity" aria-live="polite">
        <Show when={s().counted}>
          {textIndexPaused() && !done()
            ? 'Paused. What is indexed stays searchable; Resume goes on where it stopped.'
            : s().waiting
              ? 'Waiting for the scan and the covers to finish.'
              : s().current
              ? `Reading “${s().current}”…`
              : done()
                ? s().total
                  ? 'Every book is indexed. New books are indexed after each scan.'
                  : 'No books yet. Books are indexed once a scan adds them.'
                : ''}
        </Show>
      </p>
      <Show when={s().message}>
        <p class="form-error" role="status">
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
