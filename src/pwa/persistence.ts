import { createSignal } from 'solid-js';

const [persisted, setPersisted] = createSignal<boolean | null>(null);
export { persisted };

/**
 * Asks that the library's storage be kept under pressure (Chromium grants it to installed or
 * much-used sites without a prompt; others may ask). Without it the browser may evict OPFS.
 */
export async function requestPersistentStorage(): Promise<boolean | null> {
  if (!navigator.storage?.persist) return null;
  const already = await navigator.storage.persisted();
  const granted = already || (await navigator.storage.persist().catch(() => false));
  setPersisted(granted);
  return granted;
}
