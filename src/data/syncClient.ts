import { proxy, wrap, type Remote } from 'comlink';
import { createSignal } from 'solid-js';
import type { JoinInput, JoinProgress, SyncBucketInput, SyncSetUpMode, SyncView, SyncWorkerApi } from '../sync/worker/api';
import { hasSyncDevice } from '../sync/worker/deviceKey';
import { token } from './session';
import { api } from './sessionClient';

/**
 * The page's side of sync: starts the sync worker (only when this browser keeps a sync key, or
 * the person sets sync up) and mirrors its view in a signal for the panels.
 */
let remote: Remote<SyncWorkerApi> | undefined;
const [view, setView] = createSignal<SyncView | null>(null);
export { view as syncView };

function worker(): Remote<SyncWorkerApi> {
  if (!remote) {
    const w = new Worker(new URL('../sync/worker/syncWorker.ts', import.meta.url), { type: 'module', name: 'alex-sync' });
    remote = wrap<SyncWorkerApi>(w);
    void remote.watch(proxy((v: SyncView) => setView(v)));
    const r = remote;
    void r.setOnline(navigator.onLine);
    addEventListener('online', () => void r.setOnline(true));
    addEventListener('offline', () => void r.setOnline(false));
  }
  return remote;
}

async function show(p: Promise<SyncView>): Promise<SyncView> {
  const v = await p;
  setView(v);
  return v;
}

/** On app start: resumes sync when this browser has joined a synced library. */
export async function startSyncIfKept(): Promise<void> {
  if (remote || (await hasSyncDevice())) await show(worker().start());
}

/**
 * For the Admin panel: the view. The worker (a second connection to the catalogue, which the
 * database worker must then hand the file to and back) starts only when sync is on or this
 * browser keeps a key; otherwise the panel just offers to turn sync on.
 */
export async function refreshSyncView(): Promise<SyncView> {
  if (!remote && !(await hasSyncDevice()) && !(await api.isSyncOn())) {
    const off: SyncView = {
      on: false,
      needsPassphrase: false,
      paused: false,
      status: { state: 'off', lastSyncedAt: null, problem: null, message: null, pending: 0 },
      ownBucket: null,
    };
    setView(off);
    return off;
  }
  return show(worker().start());
}
export const setUpSync = (passphrase: string, mode: SyncSetUpMode, own?: SyncBucketInput | null, onProgress?: (p: JoinProgress) => void) =>
  show(worker().setUp(token(), passphrase, mode, own, onProgress && proxy(onProgress)));
export const joinSyncedLibrary = (input: JoinInput, onProgress?: (p: JoinProgress) => void) =>
  show(worker().joinNewDevice(input, onProgress && proxy(onProgress)));
export const pauseSync = () => show(worker().pause(token()));
export const resumeSync = () => show(worker().resume(token()));
export const syncNow = () => show(worker().syncNow());
