import { Workbox } from 'workbox-window';
import { createSignal } from 'solid-js';

const [updateWaiting, setUpdateWaiting] = createSignal(false);
export { updateWaiting };

let wb: Workbox | undefined;

/** Checks for a new version now and then: on focus and every 30 minutes. */
const CHECK_EVERY_MS = 30 * 60 * 1000;

/**
 * Registers the workbox service worker (production builds only). A new version waits until the
 * user accepts the prompt, so a reader mid-book is never reloaded under them.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => setUpdateWaiting(true));
  // Once the new worker controls the page, reload into the new version (same URL).
  wb.addEventListener('controlling', () => location.reload());
  void wb.register().catch((e) => console.warn('Service worker registration failed', e));
  const check = () => void wb?.update().catch(() => {});
  setInterval(check, CHECK_EVERY_MS);
  window.addEventListener('focus', check);
}

export function checkForUpdate(): Promise<void> {
  return wb ? wb.update().then(() => undefined) : Promise.resolve();
}

/** Tells pages to save what they hold (reading position), then activates the waiting version. */
export async function applyUpdate(): Promise<void> {
  window.dispatchEvent(new Event('alex:before-update'));
  // Progress writes are debounced by the readers; give their flush a moment to reach the worker.
  await new Promise((r) => setTimeout(r, 150));
  wb?.messageSkipWaiting();
}
