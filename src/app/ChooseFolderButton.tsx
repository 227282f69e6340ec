import { createSignal, Show } from 'solid-js';
import { session } from '../data/auth';
import { canPickFolder } from '../ingest/folderStore';
import { chooseFolder } from '../ingest/localSync';
import { ImportFolderButton } from './ingest/ImportFolder';

/**
 * "Choose folder" for admins: the browser's folder picker, then a first scan. Where the
 * browser has no picker (Firefox, Safari) it is "Import a folder" instead. Renders nothing for
 * readers. Other pages (the library's empty state) place it as is.
 */
export function ChooseFolderButton(props: { label?: string; primary?: boolean }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const primary = () => props.primary ?? true;
  return (
    <Show when={session()?.user.role === 'admin'}>
      <Show when={canPickFolder()} fallback={<ImportFolderButton primary={primary()} />}>
        <span class="import-button">
          <button
            class={primary() ? 'primary' : undefined}
            disabled={busy()}
            onClick={async () => {
              setBusy(true);
              setError('');
              try {
                await chooseFolder();
              } catch (e) {
                setError(e instanceof Error ? e.message : String(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            {props.label ?? 'Choose folder'}
          </button>
          <Show when={error()}>
            <span class="form-error" role="alert">
              {error()}
            </span>
          </Show>
        </span>
      </Show>
    </Show>
  );
}
