import { createResource, Show } from 'solid-js';
import { reportSeq } from '../ingest/scanClient';
import { formatBytes, storageReport } from '../pwa/storageReport';
import { requestPersistentStorage } from '../pwa/persistence';
import './AdminPanels.css';

/** Admin → Library: how much this browser keeps, and whether it may evict it. */
export function StoragePanel() {
  // Measured again after each scan or import: it is where an admin out of space looks first.
  const [report, { refetch }] = createResource(() => reportSeq() + 1, () => storageReport());
  return (
    <section class="card admin-panel" aria-labelledby="storage-h">
      <h2 id="storage-h">Storage in this browser</h2>
      <Show when={report()} fallback={<p class="muted">{report.error ? 'Storage figures are unavailable in this browser.' : 'Measuring…'}</p>}>
        {(r) => (
          <>
            <p data-testid="persistence">
              <Show
                when={r().persisted}
                fallback={
                  <>
                    <strong>Not persistent:</strong> the browser may clear the library when space runs low.{' '}
                    <button class="link" onClick={async () => (await requestPersistentStorage(), refetch())}>
                      Ask again
                    </button>
                  </>
                }
              >
                <strong>Persistent:</strong> the browser will not clear the library to free space.
              </Show>
            </p>
            <dl class="figures">
              <div><dt>Catalogue database</dt><dd data-testid="db-size">{formatBytes(r().databaseBytes)}</dd></div>
              <div><dt>Covers</dt><dd>{formatBytes(r().coverBytes)}</dd></div>
              <div><dt>Books kept in this browser</dt><dd>{formatBytes(r().offlineBytes)}</dd></div>
              <div><dt>Used of quota</dt><dd>{formatBytes(r().usage)} of {formatBytes(r().quota)}</dd></div>
            </dl>
            <Show when={r().quota && r().usage != null}>
              <div class="meter" role="meter" aria-label="Storage used" aria-valuemin={0} aria-valuemax={r().quota!} aria-valuenow={r().usage!}>
                <span style={{ width: `${Math.min(100, (100 * r().usage!) / r().quota!)}%` }} />
              </div>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
