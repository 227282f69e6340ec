/// <reference lib="webworker" />
/**
 * The sync worker: runs beside the database worker, with its own connection to the same
 * catalogue (OPFS hands the file between connections; every statement holds the same Web Lock
 * as the database worker's calls). Why apart from the database worker: a round waits on the
 * network and derives keys (Argon2, 64 MiB, about a second), and all that while the database
 * worker keeps answering the pages; the AWS SDK and the bucket's keys stay out of the database
 * worker, as src/db/api/s3.ts promises. Started by the page only when this profile holds a sync
 * key or the person sets sync up (src/data/syncClient.ts).
 */
import { expose } from 'comlink';
import { installErrorTransfer } from '../../lib/comlinkErrors';
import { CHANGES_CHANNEL, type ChangeEvent } from '../../db/api';
import { DB_LOCK } from '../../db/dbLock';
import { openOpfsDb } from '../../db/open';
import { makeS3Client } from '../../s3/client';
import { loadCredentials, saveCredentials } from '../../s3/credentialStore';
import { loadSyncDevice, saveSyncDevice } from './deviceKey';
import { lockedDb } from './lockedDb';
import { SyncService } from './SyncService';
import type { SyncWorkerApi } from './api';

installErrorTransfer();
/**
 * Whether the network is up, from the worker's own events and from the page's (setOnline): a
 * dedicated worker is not always told (Chromium's offline emulation reaches pages only), and a
 * worker that never hears "online" would keep the changes queued until the next launch.
 */
let online = navigator.onLine;
const channel = new BroadcastChannel(CHANGES_CHANNEL);

const service: Promise<SyncService> = openOpfsDb().then(({ db }) => {
  const s = new SyncService({
    db: lockedDb(db, (fn) => navigator.locks.request(DB_LOCK, fn) as Promise<Awaited<ReturnType<typeof fn>>>),
    client: makeS3Client,
    loadCredentials,
    saveCredentials,
    loadDevice: loadSyncDevice,
    saveDevice: saveSyncDevice,
    // This channel object does not hear its own messages: a round's writes start no new round.
    broadcast: (e) => channel.postMessage(e),
    locks: navigator.locks,
    online: () => online,
  });
  channel.onmessage = (m: MessageEvent<ChangeEvent>) => Array.isArray(m.data?.tables) && s.changed(m.data.tables);
  self.addEventListener('online', () => setOnline(s, true));
  self.addEventListener('offline', () => setOnline(s, false));
  return s;
});

function setOnline(s: SyncService, now: boolean): void {
  if (now === online) return;
  online = now;
  if (now) s.reconnected();
  else s.wentOffline();
}
service.catch(() => {});

const api: SyncWorkerApi = {
  start: async () => (await service).start(),
  view: async () => (await service).view(),
  watch: async (fn) => (await service).watch(fn),
  setUp: async (token, passphrase, mode, own, onProgress) => (await service).setUp(token, passphrase, mode, own, onProgress),
  joinNewDevice: async (input, onProgress) => (await service).joinNewDevice(input, onProgress),
  pause: async (token) => (await service).setPaused(token, true),
  resume: async (token) => (await service).setPaused(token, false),
  syncNow: async () => (await service).syncNow(),
  setOnline: async (now) => setOnline(await service, now),
};
expose(api);
