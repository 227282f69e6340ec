import { createStore, del, get, set } from 'idb-keyval';

/**
 * What this browser profile keeps to sync without asking again: the library key (a
 * non-extractable CryptoKey: IndexedDB stores it by structured clone, and its bytes can never be
 * read out, only used in this origin) and whether the person paused sync. Never in the SQLite
 * database, so never in a backup. The bucket's keys stay in the S3 panel's store
 * (src/s3/credentialStore.ts).
 */
const store = () => createStore('alex-sync', 'device');

export interface SyncDevice {
  key: CryptoKey;
  /** Library id the key opens (keyinfo.json's libraryId). */
  libraryId: string;
  paused: boolean;
}

export async function loadSyncDevice(): Promise<SyncDevice | null> {
  return (await get<SyncDevice>('device', store())) ?? null;
}

export async function saveSyncDevice(device: SyncDevice): Promise<void> {
  await set('device', device, store());
}

export async function forgetSyncDevice(): Promise<void> {
  await del('device', store());
}

/** Whether this profile holds a library key: the page starts the sync worker only then. */
export async function hasSyncDevice(): Promise<boolean> {
  return (await loadSyncDevice().catch(() => null)) !== null;
}
