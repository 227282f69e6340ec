/// <reference lib="webworker" />
import { expose } from 'comlink';
import { installErrorTransfer } from '../lib/comlinkErrors';
import { CHANGES_CHANNEL, type ChangeEvent, type DbApi } from './api';
import { startDatabase } from './startDatabase';

installErrorTransfer();
const channel = new BroadcastChannel(CHANGES_CHANNEL);
const api: Promise<DbApi> = startDatabase((e: ChangeEvent) => channel.postMessage(e));
// Keep a failed start from being reported as an unhandled rejection; calls rethrow it.
api.catch(() => {});

/** Every method waits for the database, then runs under the cross-tab lock (see startDatabase). */
const exposed = new Proxy({} as DbApi, {
  get: (_t, name: string) => async (...args: unknown[]) => {
    const impl = await api;
    const fn = (impl as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name];
    if (typeof fn !== 'function') throw new Error(`Unknown call ${name}`);
    return fn(...args);
  },
});

expose(exposed);
