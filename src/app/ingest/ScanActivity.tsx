import { Match, Show, Switch } from 'solid-js';
import { source } from '../../ingest/localSync';
import { activity, cancelScan, coversWaiting } from '../../ingest/scanClient';
import './ingest.css';

const VERB = { scan: 'Scanning', import: 'Importing', disconnect: 'Removing' } as const;

/**
 * Covers still owed after a scan (drawn in the background by the cover pass, in some tab), from
 * the catalogue's count, so every tab shows the same figure and it survives a reload.
 */
function CoverActivity() {
  const owed = () => (activity() ? 0 : (source()?.coversPending ?? 0));
  return (
    <Show when={owed() > 0}>
      <div class="scan-activity" role="status" aria-live="polite" data-testid="cover-activity">
        <p>
          Drawing covers… <span class="muted">{owed().toLocaleString()} to go</span>
          <Show when={coversWaiting()}>
            {' '}
            <span class="muted">(waiting for the scan to end)</span>
          </Show>
        </p>
      </div>
    </Show>
  );
}

/** "Scanning n of N — <file>", a bar and Cancel, for a scan in this tab or another; then the covers still to draw. */
export function ScanActivity() {
  return (
    <>
      <CoverActivity />
      <ScanProgressView />
    </>
  );
}

function ScanProgressView() {
  return (
    <Show when={activity()}>
      {(a) => {
        const p = () => a().progress;
        const verb = () => VERB[a().kind];
        return (
          <div class="scan-activity" role="status" aria-live="polite" data-testid="scan-activity">
            <Switch>
              <Match when={p().stage === 'listing'}>
                <p>
                  Looking for books in the folder… <span class="muted">{p().listed.toLocaleString()} found</span>
                </p>
                <progress aria-label="Scan progress" />
              </Match>
              <Match when={p().stage === 'checking' || (p().stage === 'reading' && p().total === 0)}>
                <p>Checking {p().listed.toLocaleString()} books against the library…</p>
                <progress aria-label="Scan progress" />
              </Match>
              <Match when={p().stage === 'reading'}>
                <p class="scan-line">
                  <span>
                    {verb()} {Math.min(p().done + 1, p().total).toLocaleString()} of {p().total.toLocaleString()}
                  </span>
                  <Show when={p().current}>
                    <span class="scan-file" title={p().current!}>
                      — {p().current}
                    </span>
                  </Show>
                </p>
                <progress aria-label="Scan progress" max={p().total} value={p().done} />
              </Match>
              <Match when={p().stage === 'saving'}>
                <p>Saving…</p>
                <progress aria-label="Scan progress" />
              </Match>
            </Switch>
            <div class="scan-actions">
              <Show when={a().elsewhere}>
                <span class="muted">Running in another tab.</span>
              </Show>
              <button onClick={cancelScan} disabled={p().stage === 'saving'}>
                Cancel
              </button>
            </div>
          </div>
        );
      }}
    </Show>
  );
}
