/** The contract between the page and the sync worker (src/sync/worker/syncWorker.ts). */
import type { S3Config } from '../../db/api';
import type { S3Credentials } from '../../s3/types';
import type { SyncStatus } from '../syncStatus';
import type { JoinProgress } from '../SyncEngine';

export type { JoinProgress };

export interface SyncView {
  /** Sync is on for this library (the database says so). */
  on: boolean;
  /** On, but this browser has no library key (or it no longer opens): ask for the passphrase. */
  needsPassphrase: boolean;
  paused: boolean;
  status: SyncStatus;
  /** Sync's own bucket, when it does not use the S3 panel's (never its keys). */
  ownBucket: Pick<S3Config, 'endpoint' | 'bucket' | 'prefix'> | null;
}

/** A bucket with its keys: sync's own, or the one a new device joins through. */
export interface SyncBucketInput {
  config: S3Config;
  credentials: S3Credentials;
}

/**
 * create: a new synced library from this device's. join: this device's library merges into the
 * one in the bucket. unlock: sync is on here but the key must be derived again.
 */
export type SyncSetUpMode = 'create' | 'join' | 'unlock';

export interface JoinInput extends SyncBucketInput {
  passphrase: string;
}

export interface SyncWorkerApi {
  /** Starts the loop when sync is on and this browser holds the key; the view either way. */
  start(): Promise<SyncView>;
  view(): Promise<SyncView>;
  /** Calls `fn` with every new view (comlink proxy). */
  watch(fn: (v: SyncView) => void): Promise<void>;
  /** Admin, signed in: sync through its own bucket (`own`), the S3 panel's (null), or where it already does (undefined). `onProgress` hears how far a join is. */
  setUp(token: string, passphrase: string, mode: SyncSetUpMode, own?: SyncBucketInput | null, onProgress?: (p: JoinProgress) => void): Promise<SyncView>;
  /** Sign-in page of an unused device: bucket details and passphrase; nobody is signed in. `onProgress` hears how far the download is. */
  joinNewDevice(input: JoinInput, onProgress?: (p: JoinProgress) => void): Promise<SyncView>;
  pause(token: string): Promise<SyncView>;
  resume(token: string): Promise<SyncView>;
  /** Runs a round now and resolves with the view after it. */
  syncNow(): Promise<SyncView>;
  /** The page's online and offline events (the worker may not get its own). */
  setOnline(online: boolean): Promise<void>;
}
