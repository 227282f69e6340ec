import { createSignal, Show } from 'solid-js';
import { session } from '../data/auth';
import { canPickFolder } from '../storage/folderStore';
import { folderChangeWarning, pickFolder, useFolder } from '../ingest/localSync';
import { ImportFolderButton } from './ingest/ImportFolder';
import './ingest/ingest.css';
import { FormMessages } from '../ui/FormMessages';

/**
 * "Choose folder" for admins: the browser's folder picker, then a scan. Where the browser has
 * no picker (Firefox, Safari) it is "Import a folder" instead. Renders nothing for readers.
 * Other pages (the library's empty state) place it as is. Changing to another folder when the
 * library has books asks first: books missing from the new folder leave the library.
 */
export function ChooseFolderButton(props: { label?: string; primary?: boolean }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [pending, setPending] = createSignal<{ picked: FileSystemDirectoryHandle; warning: string }>();
  let dialog!: HTMLDialogElement;
  const primary = () => props.primary ?? true;

  async function use(picked: FileSystemDirectoryHandle) {
    try {
      await useFolder(picked);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function choose() {
    setBusy(true);
    setError('');
    try {
      const picked = await pickFolder();
      if (!picked) return;
      const warning = await folderChangeWarning(picked);
      if (warning) {
        setPending({ picked, warning });
        dialog.showModal();
      } else await use(picked);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={session()?.user.role === 'admin'}>
      <Show when={canPickFolder()} fallback={<ImportFolderButton primary={primary()} />}>
        <span class="import-button">
          <button class={primary() ? 'primary' : undefined} disabled={busy()} onClick={choose}>
            {props.label ?? 'Choose folder'}
          </button>
          <FormMessages error={error()} inline />
        </span>
        <dialog ref={dialog} class="choose-folder-dialog" aria-labelledby="change-folder-h" onClose={() => setPending()}>
          <h2 id="change-folder-h">Use “{pending()?.picked.name}”?</h2>
          <p>{pending()?.warning}</p>
          <p class="muted">The files themselves are never changed.</p>
          <div class="actions">
            <button onClick={() => dialog.close()}>Keep the current folder</button>
            <button
              class="primary"
              onClick={() => {
                const p = pending();
                dialog.close();
                if (p) void use(p.picked);
              }}
            >
              Use “{pending()?.picked.name}”
            </button>
          </div>
        </dialog>
      </Show>
    </Show>
  );
}
