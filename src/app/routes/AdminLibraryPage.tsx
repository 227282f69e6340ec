import { createEffect, createMemo, createSignal, Match, onMount, Show, Switch } from 'solid-js';
import { api } from '../../data/sessionClient';
import { TextIndexPanel } from '../fulltext/TextIndexPanel';
import { MAX_SCAN_INTERVAL, MIN_SCAN_INTERVAL } from '../../db/api';
import { canPickFolder } from '../../storage/folderStore';
import { changesWaiting, disconnectFolder, folderState, refreshSource, scanNow, source } from '../../ingest/localSync';
import { activity, lastReport, reportSeq } from '../../ingest/scanClient';
import { BackupPanel } from '../BackupPanel';
import { ChooseFolderButton } from '../ChooseFolderButton';
import { StoragePanel } from '../StoragePanel';
import { S3Panel } from '../S3Panel';
import { SyncPanel } from '../sync/SyncPanel';
import { ImportDropZone, ImportFolderButton } from '../ingest/ImportFolder';
import { ScanActivity } from '../ingest/ScanActivity';
import { ScanReportView } from '../ingest/ScanReportView';
import { timeAgo } from '../ingest/timeAgo';
import '../ingest/ingest.css';
import { FormMessages } from '../../ui/FormMessages';
import { noun, plural } from '../../ui/plural';

function stateText(): string {
  if (activity()) return activity()!.elsewhere ? 'Scanning (in another tab)' : 'Scanning';
  switch (folderState()) {
    case 'ready':
      if (changesWaiting()) return 'Changes seen: scanning them when the running scan ends';
      return lastReport()?.outcome === 'failed' ? 'Last scan failed' : 'Watching for changes';
    case 'needs-permission':
      return 'Waiting for permission';
    case 'missing':
      return 'Folder must be chosen again';
    case 'import':
      return 'Copies in this browser';
    default:
      return '';
  }
}

function IntervalForm() {
  const [value, setValue] = createSignal('');
  const [message, setMessage] = createSignal<{ ok: boolean; text: string }>();
  // Only when the saved value changes (not on every refresh of the figures during a scan).
  const saved = createMemo(() => source()?.scanIntervalSeconds ?? 60);
  createEffect(() => setValue(String(saved())));
  return (
    <form
      class="interval-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api.setScanInterval(Number(value()));
          await refreshSource();
          setMessage({ ok: true, text: 'Saved.' });
        } catch (err) {
          setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
        }
      }}
    >
      <label for="scan-interval">Check the folder for changes every</label>
      <input
        id="scan-interval"
        type="number"
        min={MIN_SCAN_INTERVAL}
        max={MAX_SCAN_INTERVAL}
        required
        value={value()}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <span>seconds while Alex is open</span>
      <button type="submit">Save</button>
      <Show when={message()}>{(m) => <span class={m().ok ? 'form-ok' : 'form-error'}>{m().text}</span>}</Show>
    </form>
  );
}

function DisconnectButton() {
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal('');
  const isImport = () => source()?.mode === 'import';
  const count = () => source()?.bookCount ?? 0;
  return (
    <>
    <Show
      when={asking()}
      fallback={
        <button class="danger" disabled={!!activity()} onClick={() => setAsking(true)}>
          {isImport() ? 'Remove imported books' : 'Disconnect'}
        </button>
      }
    >
      <div class="confirm" role="alertdialog" aria-labelledby="disconnect-q">
        <p id="disconnect-q">
          <Show
            when={isImport()}
            fallback={
              <>
                Disconnect <strong>{source()?.folderName}</strong>? Its {plural(count(), 'book')} {noun(count(), 'leaves', 'leave')} the library, with{' '}
                {noun(count(), 'its', 'their')} reading progress and places in collections. The files in the folder are not touched.
              </>
            }
          >
            Remove the {plural(count(), 'imported book')} and {noun(count(), 'its copy', 'their copies')} in this browser? Reading progress and places
            in collections for {noun(count(), 'it', 'them')} are lost.
          </Show>
        </p>
        <div class="actions">
          <button
            class="danger"
            disabled={busy()}
            onClick={async () => {
              setBusy(true);
              setMessage('');
              try {
                const r = await disconnectFolder();
                if (r === 'busy') setMessage('A scan is running; try again when it has finished.');
                else if (r.outcome !== 'done') setMessage(r.error ?? 'Stopped before the end; nothing was lost. Try again.');
              } catch (e) {
                setMessage(e instanceof Error ? e.message : String(e));
              } finally {
                setBusy(false);
                setAsking(false);
              }
            }}
          >
            {isImport() ? 'Remove' : 'Disconnect'}
          </button>
          <button disabled={busy()} onClick={() => setAsking(false)}>
            Keep it
          </button>
        </div>
      </div>
    </Show>
    <FormMessages error={message()} inline />
    </>
  );
}

/** Admin → Library: where the books come from, scans and their report, storage and backups. */
export function AdminLibraryPage() {
  onMount(() => void refreshSource());
  const [scanMessage, setScanMessage] = createSignal('');
  const scan = async (opts: { manual: true; every?: boolean }) => {
    setScanMessage('');
    try {
      const r = await scanNow(opts);
      if (r === 'busy') setScanMessage('A scan is already running.');
    } catch (e) {
      setScanMessage(`The scan could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const mode = () => source()?.mode ?? null;
  return (
    <section class="page admin-library">
      <div class="page-header">
        <h1>Library</h1>
      </div>

      <section class="card admin-panel" aria-labelledby="folder-h">
        <h2 id="folder-h">Books folder</h2>
        <Switch>
          <Match when={!source()}>
            <p class="muted">Loading…</p>
          </Match>
          <Match when={mode() === null}>
            <p>
              Choose the folder that holds your PDF and EPUB books. Alex reads them where they are, never changes them, and keeps the library in step
              with the folder: new, changed, moved and deleted books are picked up by themselves.
            </p>
            <Show when={!canPickFolder()}>
              <p class="muted">This browser cannot keep a folder open, so Alex imports copies of the books instead. Import the folder again to add new books.</p>
            </Show>
            <div class="actions">
              <ChooseFolderButton />
              <Show when={canPickFolder()}>
                <ImportFolderButton label="Import copies instead" />
              </Show>
            </div>
            <Show when={!canPickFolder()}>
              <ImportDropZone />
            </Show>
          </Match>
          <Match when={mode()}>
            <dl class="figures folder-figures" data-testid="folder-figures">
              <div>
                <dt>{mode() === 'import' ? 'Imported folder' : 'Folder'}</dt>
                <dd data-testid="folder-name">{source()?.folderName ?? 'Loose files'}</dd>
              </div>
              <div>
                <dt>Books</dt>
                <dd data-testid="folder-book-count">{source()?.bookCount.toLocaleString()}</dd>
              </div>
              <div>
                <dt>{mode() === 'import' ? 'Last import' : 'Last scan'}</dt>
                <dd>{lastReport() ? timeAgo(lastReport()!.startedAt + Math.round(lastReport()!.durationMs / 1000)) : 'Never'}</dd>
              </div>
              <div>
                <dt>State</dt>
                <dd data-testid="folder-state">{stateText()}</dd>
              </div>
            </dl>
            <ScanActivity />
            <div class="actions">
              <Show when={mode() === 'folder'}>
                <button
                  class="primary"
                  disabled={!!activity() || folderState() !== 'ready'}
                  aria-describedby="scan-kinds"
                  onClick={() => void scan({ manual: true })}
                >
                  Scan now
                </button>
                <button disabled={!!activity() || folderState() !== 'ready'} aria-describedby="scan-kinds" onClick={() => void scan({ manual: true, every: true })}>
                  Check every file
                </button>
                <Show when={canPickFolder()}>
                  <ChooseFolderButton label="Change folder" primary={false} />
                </Show>
              </Show>
              <Show when={mode() === 'import'}>
                <ImportFolderButton label="Import a folder" primary />
                <Show when={canPickFolder()}>
                  <ChooseFolderButton label="Use a folder instead" primary={false} />
                </Show>
              </Show>
              <DisconnectButton />
            </div>
            <Show when={mode() === 'folder'}>
              <p class="muted" id="scan-kinds">
                Scan now lists the folder and reads only what changed since it was last checked. Check every file asks for the size and date of
                every book file, which takes longer: use it if a change was missed.
              </p>
            </Show>
            <Show when={scanMessage()}>
              <p class="muted">{scanMessage()}</p>
            </Show>
            <Show when={mode() === 'import'}>
              <ImportDropZone />
            </Show>
            <Show when={mode() === 'folder'}>
              <IntervalForm />
            </Show>
          </Match>
        </Switch>
        <Show when={mode() === null}>
          <ScanActivity />
        </Show>
      </section>

      <Show when={lastReport()}>{(r) => <ScanReportView report={r()} seq={reportSeq()} />}</Show>
      <S3Panel />
      <SyncPanel />
      <StoragePanel />
      <TextIndexPanel />
      <BackupPanel />
    </section>
  );
}
