import { Match, onCleanup, onMount, Switch } from 'solid-js';
import { session } from '../../data/auth';
import { folderState, reconnectFolder, source, startLocalSync, stopLocalSync } from '../../ingest/localSync';
import { ChooseFolderButton } from '../ChooseFolderButton';
import './ingest.css';

/**
 * Mounted on every signed-in page: keeps the library in sync with the folder while it is
 * mounted, and when the browser needs a click to read the folder again (after a restart),
 * shows the one button that gives it.
 */
export function LocalSync() {
  onMount(() => void startLocalSync());
  onCleanup(stopLocalSync);
  const name = () => source()?.folderName ?? 'your books folder';
  return (
    <Switch>
      <Match when={folderState() === 'needs-permission'}>
        <div class="sync-banner" role="status">
          <p>
            Alex needs your permission to read <strong>{name()}</strong> again. Until then the library shows what it knew.
          </p>
          <button class="primary" onClick={() => void reconnectFolder()}>
            Reconnect folder
          </button>
        </div>
      </Match>
      <Match when={folderState() === 'missing' && session()?.user.role === 'admin'}>
        <div class="sync-banner" role="status">
          <p>
            This browser no longer knows where <strong>{name()}</strong> is. Choose it again to keep the library in sync.
          </p>
          <ChooseFolderButton />
        </div>
      </Match>
    </Switch>
  );
}
