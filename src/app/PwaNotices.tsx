import { Show } from 'solid-js';
import { applyUpdate, updateWaiting } from '../pwa/serviceWorker';
import { online } from '../pwa/online';
import './PwaNotices.css';

/** The app-wide notices: a new version waiting, and no network. */
export function PwaNotices() {
  return (
    <div class="pwa-notices" aria-live="polite">
      <Show when={!online()}>
        <div class="pwa-notice notice-offline" role="status" data-testid="offline-indicator">
          <span class="dot" aria-hidden="true" /> Offline — your library and downloaded books still work.
        </div>
      </Show>
      <Show when={updateWaiting()}>
        <div class="pwa-notice notice-update" role="alert">
          New version available
          <button class="primary" onClick={() => void applyUpdate()}>
            Reload
          </button>
        </div>
      </Show>
    </div>
  );
}
