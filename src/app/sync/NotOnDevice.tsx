/**
 * What /read/:bookId shows for a synced book whose file is only on another device (migration
 * 0009): why it cannot open here, and the way to fix it, which is this device's books folder
 * holding the same file. A scan matches it by SHA-256 and the book then opens with its progress.
 */
import { createSignal, onMount, Show, type JSX } from 'solid-js';
import { session } from '../../data/auth';
import { folderState, reconnectFolder, refreshSource, scanNow } from '../../ingest/localSync';
import { ReaderMessage } from '../../readers/ReaderChrome';
import type { FileAccess } from '../../readers/types';
import { isNotOnDevice, NOT_ON_DEVICE_MESSAGE } from '../../storage/fileSource';
import { ChooseFolderButton } from '../ChooseFolderButton';

export function NotOnDevice(props: { retry: () => void; back: () => void }) {
  const [busy, setBusy] = createSignal(false);
  const [note, setNote] = createSignal('');
  const admin = () => session()?.user.role === 'admin';
  onMount(() => void refreshSource());

  async function scan() {
    setBusy(true);
    setNote('');
    try {
      if (folderState() === 'needs-permission' && !(await reconnectFolder())) return;
      const report = await scanNow({ manual: true });
      if (report === 'unavailable') setNote('The books folder cannot be read. Choose it again.');
      else props.retry();
    } catch (e) {
      setNote(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <ReaderMessage
      title="Not on this device"
      message={NOT_ON_DEVICE_MESSAGE}
      actions={
        <>
          <Show when={admin() && (folderState() === 'ready' || folderState() === 'needs-permission')}>
            <button class="primary" disabled={busy()} onClick={scan}>
              {busy() ? 'Scanning…' : 'Scan books folder'}
            </button>
          </Show>
          <Show when={admin() && (folderState() === 'none' || folderState() === 'missing')}>
            <ChooseFolderButton label="Choose books folder" />
          </Show>
          <button onClick={() => props.retry()}>Try again</button>
          <button onClick={() => props.back()}>Back</button>
        </>
      }
    >
      <p>
        {admin()
          ? 'Put the same file in this device’s books folder and scan it: the book then opens here, with its reading progress and collections.'
          : 'Ask an administrator to put the same file in this device’s books folder: the book then opens here, with your reading progress.'}
      </p>
      <Show when={note()}>
        <p role="alert">{note()}</p>
      </Show>
    </ReaderMessage>
  );
}

/** The reader page's file access, explaining a book that is only on another device. */
export function withNotOnDevice(access: FileAccess): FileAccess {
  return {
    ...access,
    explain: (e, retry, back): JSX.Element | null => (isNotOnDevice(e) ? <NotOnDevice retry={retry} back={back} /> : null),
  };
}
