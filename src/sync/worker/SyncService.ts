/**
 * Sync for this browser profile, as the sync worker runs it: the engine on the worker's own
 * database connection, the loop around it, the key kept in IndexedDB, and the views the panels
 * show. The environment (database, bucket client, stores, lock, channel) comes from the worker.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Db } from '../../db/Db';
import type { ChangeEvent, S3Config } from '../../db/api';
import type { HandlerContext } from '../../db/context';
import { requireAdmin } from '../../db/handlers/guard';
import { checkS3Config, S3_SETTING } from '../../db/handlers/s3';
import { bumpLibraryVersion, deleteSetting, getSetting, setSetting } from '../../db/queries/settings';
import { countDirty, getState, isUnusedLibrary } from '../../db/queries/syncState';
import { AppError } from '../../domain/errors';
import { DEFAULT_ADMIN, nowSeconds } from '../../domain/types';
import type { S3Credentials } from '../../s3/types';
import { SyncEngine } from '../SyncEngine';
import { SyncLoop, type LockManagerLike } from '../SyncLoop';
import type { SyncLocation } from '../SyncStore';
import type { JoinInput, JoinProgress, SyncBucketInput, SyncSetUpMode, SyncView } from './api';
import type { SyncDevice } from './deviceKey';

/** Tables whose changes sync carries: a change to one starts a round. */
/**
 * Sync's own bucket (when it does not use the S3 panel's): its details, on this device only.
 * Settings never sync, and its keys are in the credential store's 'sync' slot, never here.
 */
export const SYNC_BUCKET_SETTING = 'sync_bucket';

export const SYNCED_TABLES = ['users', 'collections', 'collection_books', 'reading_progress', 'books', 'annotations'];

export interface SyncServiceEnv {
  db: Db;
  client(config: S3Config, creds: S3Credentials): Promise<S3Client>;
  loadCredentials(config: S3Config, slot?: 's3' | 'sync'): Promise<S3Credentials | null>;
  saveCredentials(creds: S3Credentials, config: S3Config, slot?: 's3' | 'sync'): Promise<void>;
  loadDevice(): Promise<SyncDevice | null>;
  saveDevice(d: SyncDevice): Promise<void>;
  broadcast(e: ChangeEvent): void;
  locks: LockManagerLike;
  online(): boolean;
}

/**
 * The page's progress callback (a comlink proxy): not awaited, so the join never waits on the
 * page, and a page that went away only loses the figures.
 */
function report(fn: ((p: JoinProgress) => void) | undefined): ((p: JoinProgress) => void) | undefined {
  return (
    fn &&
    ((p) => {
      void Promise.resolve()
        .then(() => fn(p))
        .catch(() => {});
    })
  );
}

export class SyncService {
  readonly #env: SyncServiceEnv;
  readonly #ctx: HandlerContext;
  #engine: SyncEngine | null = null;
  #loop: SyncLoop | null = null;
  #watchers = new Set<(v: SyncView) => void>();
  #needsPassphrase = false;

  constructor(env: SyncServiceEnv) {
    this.#env = env;
    this.#ctx = { db: env.db, now: nowSeconds, changed: () => {} };
  }

  async #location(): Promise<{ loc: SyncLocation; config: S3Config }> {
    const own = await getSetting(this.#env.db, SYNC_BUCKET_SETTING);
    if (own) {
      const config = JSON.parse(own) as S3Config;
      const creds = await this.#env.loadCredentials(config, 'sync');
      if (!creds) throw new AppError('INVALID_INPUT', 'This browser no longer has the keys of sync’s bucket: turn sync off, then on again with them.');
      return { loc: { client: await this.#env.client(config, creds), bucket: config.bucket, prefix: config.prefix }, config };
    }
    return this.#panelLocation();
  }

  async #panelLocation(): Promise<{ loc: SyncLocation; config: S3Config }> {
    const raw = await getSetting(this.#env.db, S3_SETTING.config);
    const config = raw ? (JSON.parse(raw) as S3Config) : null;
    if (!config) throw new AppError('INVALID_INPUT', 'Set up the bucket in the S3 panel first: sync uses its bucket and keys.');
    const creds = await this.#env.loadCredentials(config);
    if (!creds) throw new AppError('INVALID_INPUT', 'Enter the bucket’s keys in the S3 panel first: sync uses them.');
    return { loc: { client: await this.#env.client(config, creds), bucket: config.bucket, prefix: config.prefix }, config };
  }

  async view(): Promise<SyncView> {
    const on = (await getState(this.#env.db, 'library')) !== null;
    const device = await this.#env.loadDevice();
    const status = this.#loop?.status ?? { state: 'off', lastSyncedAt: null, problem: null, message: null, pending: 0 };
    const own = await getSetting(this.#env.db, SYNC_BUCKET_SETTING);
    const ownBucket = own ? (JSON.parse(own) as S3Config) : null;
    return {
      on,
      needsPassphrase: on && (!device || this.#needsPassphrase),
      paused: device?.paused ?? false,
      status,
      ownBucket: ownBucket && { endpoint: ownBucket.endpoint, bucket: ownBucket.bucket, prefix: ownBucket.prefix },
    };
  }

  async watch(fn: (v: SyncView) => void): Promise<void> {
    this.#watchers.add(fn);
  }

  async #notify(): Promise<SyncView> {
    const v = await this.view();
    for (const fn of this.#watchers) {
      try {
        fn(v);
      } catch {
        this.#watchers.delete(fn); // a closed page
      }
    }
    return v;
  }

  /** Another tab (or this one) changed the library. */
  changed(tables: string[]): void {
    if (tables.some((t) => SYNCED_TABLES.includes(t))) this.#loop?.changed();
  }

  reconnected(): void {
    this.#loop?.reconnected();
  }

  wentOffline(): void {
    this.#loop?.wentOffline();
  }

  async start(): Promise<SyncView> {
    const library = await getState(this.#env.db, 'library');
    const device = await this.#env.loadDevice();
    if (!library || !device || device.libraryId !== library) return this.view();
    this.#startLoop(device);
    return this.view();
  }

  #startLoop(device: SyncDevice): void {
    if (this.#loop) return;
    const loop = new SyncLoop({
      round: async () => {
        // Opened on the first round, so a launch offline only waits, like any round.
        this.#engine ??= await SyncEngine.resume(this.#env.db, (await this.#location()).loc, device.key).catch((e: unknown) => {
          if (e instanceof AppError && e.code === 'SYNC_WRONG_PASSPHRASE') this.#needsPassphrase = true;
          throw e;
        });
        const report = await this.#engine.round();
        if (report.pulled > 0) this.#env.broadcast({ libraryVersion: await bumpLibraryVersion(this.#env.db), tables: SYNCED_TABLES });
        return report;
      },
      pending: () => countDirty(this.#env.db),
      locks: this.#env.locks,
      online: () => this.#env.online(),
      now: Date.now,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    });
    loop.onStatus(() => void this.#notify());
    if (device.paused) loop.pause();
    this.#loop = loop;
    loop.start();
  }

  #stopLoop(): void {
    this.#loop?.stop();
    this.#loop = null;
    this.#engine = null;
  }

  /**
   * `own`: sync's own bucket (create and join); null: the S3 panel's; undefined (unlock): where
   * it already syncs. The bucket's details and keys are kept only once the passphrase opened it.
   */
  async setUp(token: string, passphrase: string, mode: SyncSetUpMode, own?: SyncBucketInput | null, onProgress?: (p: JoinProgress) => void): Promise<SyncView> {
    await requireAdmin(this.#ctx, token);
    if (typeof passphrase !== 'string' || !passphrase) throw new AppError('INVALID_INPUT', 'Enter the sync passphrase.', { field: 'passphrase' });
    const ownBucket = own ? this.#checkBucket(own) : null;
    const loc = ownBucket
      ? { client: await this.#env.client(ownBucket.config, ownBucket.credentials), bucket: ownBucket.config.bucket, prefix: ownBucket.config.prefix }
      : (await (own === null ? this.#panelLocation() : this.#location())).loc;
    const db = this.#env.db;
    const open = () =>
      mode === 'create' ? SyncEngine.turnOn(db, loc, passphrase) : mode === 'join' ? SyncEngine.join(db, loc, passphrase, { onProgress: report(onProgress) }) : SyncEngine.resume(db, loc, passphrase);
    this.#stopLoop();
    let engine: SyncEngine;
    try {
      engine = await open();
    } catch (e) {
      await this.start(); // a refused passphrase leaves sync as it was
      throw e;
    }
    if (ownBucket) {
      await setSetting(this.#env.db, SYNC_BUCKET_SETTING, JSON.stringify(ownBucket.config));
      await this.#env.saveCredentials(ownBucket.credentials, ownBucket.config, 'sync');
    } else if (own === null) await deleteSetting(this.#env.db, SYNC_BUCKET_SETTING);
    await this.#adopt(engine);
    return this.#notify();
  }

  #checkBucket(input: SyncBucketInput): SyncBucketInput {
    const config = checkS3Config(input?.config);
    const creds = input?.credentials;
    if (!creds?.accessKeyId?.trim() || !creds.secretAccessKey)
      throw new AppError('INVALID_INPUT', 'Enter the access key id and the secret access key.', { field: 'accessKeyId' });
    return { config, credentials: { accessKeyId: creds.accessKeyId.trim(), secretAccessKey: creds.secretAccessKey } };
  }

  async joinNewDevice(input: JoinInput, onProgress?: (p: JoinProgress) => void): Promise<SyncView> {
    const db = this.#env.db;
    if (!(await isUnusedLibrary(db, DEFAULT_ADMIN.id)))
      throw new AppError('FORBIDDEN', 'This device already has a library. Sign in, then join from Admin → Library → Sync between devices.');
    const { config, credentials: creds } = this.#checkBucket(input);
    if (typeof input.passphrase !== 'string' || !input.passphrase)
      throw new AppError('INVALID_INPUT', 'Enter the sync passphrase.', { field: 'passphrase' });
    const loc = { client: await this.#env.client(config, creds), bucket: config.bucket, prefix: config.prefix };
    this.#stopLoop();
    // Nothing is kept before the passphrase opened the library: a refusal leaves no trace.
    const engine = await SyncEngine.join(db, loc, input.passphrase, { onProgress: report(onProgress) });
    // The bucket becomes this device's S3 source too, so the library's bucket books open here.
    await setSetting(db, S3_SETTING.config, JSON.stringify(config));
    await this.#env.saveCredentials(creds, config);
    this.#env.broadcast({ libraryVersion: await bumpLibraryVersion(db), tables: [...SYNCED_TABLES, 'settings'] });
    await this.#adopt(engine);
    return this.#notify();
  }

  async #adopt(engine: SyncEngine): Promise<void> {
    const before = await this.#env.loadDevice();
    const device: SyncDevice = { key: engine.bucket.key, libraryId: engine.bucket.libraryId, paused: before?.paused ?? false };
    await this.#env.saveDevice(device);
    this.#needsPassphrase = false;
    this.#engine = engine;
    this.#startLoop(device);
  }

  async setPaused(token: string, paused: boolean): Promise<SyncView> {
    await requireAdmin(this.#ctx, token);
    const device = await this.#env.loadDevice();
    if (device) await this.#env.saveDevice({ ...device, paused });
    if (paused) this.#loop?.pause();
    else this.#loop?.resume();
    return this.#notify();
  }

  async syncNow(): Promise<SyncView> {
    await this.#loop?.syncNow();
    return this.view();
  }
}
