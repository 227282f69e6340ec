import { onMount } from 'solid-js';

/** Mounted once after the library opened: resumes sync when this browser has joined one. */
export function SyncRunner() {
  onMount(() => void import('../../data/syncClient').then((m) => m.startSyncIfKept()).catch(() => {}));
  return null;
}
