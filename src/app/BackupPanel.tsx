import { createSignal, Show } from 'solid-js';
import { api } from '../data/sessionClient';
import { MAX_RESTORE_BYTES, restoreTooLarge, type RestoreSummary } from '../db/api';
import { isOutOfSpace } from '../domain/errors';
import { RESTORED_KEY } from './restoredNotice';
import { plural } from '../ui/plural';
import './AdminPanels.css';

function restoredText(s: RestoreSummary): string {
  return `Restored ${plural(s.books, 'book')}, ${plural(s.users, 'user')} and ${plural(s.collections, 'collection')}.`;
}

/** Other tabs reload when one restores: their sessions and lists belong to the old library. */
export const RELOAD_CHANNEL = 'alex-reload';

function download(bytes: Uint8Array, name: string) {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.sqlite3' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Admin → Library: export the catalogue as a .db file, or replace it with one. */
export function BackupPanel() {
  const [busy, setBusy] = createSignal<'' | 'export' | 'restore'>('');
  const [message, setMessage] = createSignal<{ ok: boolean; text: string }>();
  const [pending, setPending] = createSignal<File>();
  let dialog!: HTMLDialogElement;
  let input!: HTMLInputElement;

  async function exportLibrary() {
    setBusy('export');
    setMessage();
    try {
      const bytes = await api.exportLibrary();
      const day = new Date().toISOString().slice(0, 10);
      download(bytes, `alex-library-${day}.db`);
      setMessage({ ok: true, text: `Exported the library (${Math.round(bytes.byteLength / 1024)} KB).` });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy('');
    }
  }

  function chooseFile(file: File | undefined) {
    if (!file) return;
    setPending(file);
    setMessage();
    dialog.showModal();
  }

  async function restore() {
    const file = pending();
    dialog.close();
    input.value = '';
    if (!file) return;
    // Checked before reading: an oversized file is never loaded into memory.
    if (file.size > MAX_RESTORE_BYTES) {
      setMessage({ ok: false, text: restoreTooLarge(file.size) });
      return;
    }
    setBusy('restore');
    try {
      // Read once: what the worker checks is exactly what it restores.
      const bytes = new Uint8Array(await file.arrayBuffer());
      const summary: RestoreSummary = await api.restoreLibrary(bytes);
      const repaired = summary.repairs.length ? ` Corrected on the way: ${summary.repairs.join('; ')}.` : '';
      setMessage({
        ok: true,
        text: `${restoredText(summary)}${repaired} Reloading…`,
      });
      // The restored library has its own sessions, so this page may be sent to sign-in at once:
      // the sign-in page shows the outcome too.
      sessionStorage.setItem(RESTORED_KEY, `${restoredText(summary)}${repaired}`);
      new BroadcastChannel(RELOAD_CHANNEL).postMessage('restored');
      setTimeout(() => location.assign('/login'), summary.repairs.length ? 4000 : 1200);
    } catch (e) {
      setMessage({
        ok: false,
        text: isOutOfSpace(e)
          ? 'Not enough storage space to restore this backup: the library was not changed. Free up some space on this device, then try again.'
          : `Nothing was changed: ${e instanceof Error ? e.message : String(e)}`,
      });
    } finally {
      setBusy('');
    }
  }

  return (
    <section class="card admin-panel" aria-labelledby="backup-h">
      <h2 id="backup-h">Backup and restore</h2>
      <p class="muted">
        A backup is the catalogue as one SQLite file: books, users, progress and collections. Book files stay where they are; S3 keys are
        never in it.
      </p>
      <div class="actions">
        <button onClick={exportLibrary} disabled={!!busy()}>
          {busy() === 'export' ? 'Exporting…' : 'Export library'}
        </button>
        <button onClick={() => input.click()} disabled={!!busy()}>
          {busy() === 'restore' ? 'Restoring…' : 'Restore…'}
        </button>
        <input
          ref={input}
          type="file"
          accept=".db,.sqlite,.sqlite3,application/vnd.sqlite3,application/x-sqlite3"
          hidden
          aria-label="Backup file to restore"
          onChange={(e) => chooseFile(e.currentTarget.files?.[0])}
        />
      </div>
      <Show when={message()}>
        {(m) => (
          <p class={m().ok ? 'form-ok' : 'form-error'} role={m().ok ? 'status' : 'alert'}>
            {m().text}
          </p>
        )}
      </Show>
      <dialog ref={dialog} aria-labelledby="restore-h" onClose={() => (input.value = '')}>
        <h2 id="restore-h">Replace the library?</h2>
        <p>
          Restoring <strong>{pending()?.name}</strong> replaces every book entry, user, reading position and collection in this browser with
          the backup's. Everyone will have to sign in again. Book files are not touched.
        </p>
        <div class="actions">
          <button onClick={() => dialog.close()}>Cancel</button>
          <button class="danger" onClick={restore}>
            Replace library
          </button>
        </div>
      </dialog>
    </section>
  );
}
