/**
 * One device's sync: pulls the other devices' change records and merges them into the tables,
 * then uploads this device's own changes, and now and then a snapshot for devices that join.
 * Runs wherever the database is (the worker, or Node in tests); the loop around it (timer,
 * Web Lock, status) is SyncLoop's.
 */
import type { Db } from '../db/Db';
import { countDirty, getState, markAllDirty, setRecording, setState } from '../db/queries/syncState';
import { AppError } from '../domain/errors';
import { formatHlc, parseHlc } from './hlc';
import { openSyncBucket, type OpenSyncOptions } from './openSyncBucket';
import type { SyncBucket } from './SyncBucket';
import type { SyncLocation } from './SyncStore';
import { EMPTY_CURSOR, type SyncCursor } from './types';
import { applyPendingRecords, applyRecords } from './merge/applyRecords';
import { collectOutbox, markSent } from './merge/outbox';
import type { SyncRecord, SyncState } from './merge/records';
import { snapshotState } from './merge/snapshotState';

/** A snapshot after this many records were uploaded or applied since the last one. */
export const SNAPSHOT_EVERY = 500;

export interface RoundReport {
  pulled: number;
  pushed: number;
  snapshot: boolean;
  /** Log entries deleted after the snapshot (pruneLog.ts). */
  pruned: number;
  /** The log after this device's cursor had been pruned: it re-read the newest snapshot. */
  resynced: boolean;
}

type EngineOptions = Omit<OpenSyncOptions, 'create' | 'clockSeed'> & { now?: () => number; offers?: boolean };

/** How far a join is: records applied of those downloaded so far (the snapshot's, then the log's). */
export interface JoinProgress {
  done: number;
  total: number;
}

export class SyncEngine {
  readonly #now: () => number;
  readonly #offers: boolean;
  #running: Promise<RoundReport> | null = null;

  private constructor(
    readonly db: Db,
    readonly bucket: SyncBucket<SyncRecord>,
    now: () => number,
    offers: boolean,
  ) {
    this.#now = now;
    this.#offers = offers;
  }

  static async #open(db: Db, loc: SyncLocation, secret: string | CryptoKey, create: boolean, opts: EngineOptions): Promise<SyncEngine> {
    const seed = await getState(db, 'clock');
    const bucket = await openSyncBucket<SyncRecord>(loc, secret, { ...opts, create, clockSeed: seed ? parseHlc(seed) : undefined });
    return new SyncEngine(db, bucket, opts.now ?? Date.now, opts.offers ?? true);
  }

  /** Turns sync on with this device's library: everything is uploaded, then a snapshot. */
  static async turnOn(db: Db, loc: SyncLocation, passphrase: string, opts: EngineOptions = {}): Promise<SyncEngine> {
    const engine = await SyncEngine.#open(db, loc, passphrase, true, opts);
    await db.transaction(async () => {
      await setRecording(db, true);
      await markAllDirty(db, engine.#now(), false);
      await setState(db, 'cursor', JSON.stringify(EMPTY_CURSOR));
      await setState(db, 'library', engine.bucket.libraryId);
    });
    await engine.round({ snapshot: true });
    return engine;
  }

  /**
   * Joins the library in the bucket: its newest snapshot, then the log after it. What this
   * device had before and the library lacks (its own books) is uploaded as new.
   */
  static async join(db: Db, loc: SyncLocation, passphrase: string, opts: EngineOptions & { onProgress?: (p: JoinProgress) => void } = {}): Promise<SyncEngine> {
    const { onProgress, ...rest } = opts;
    const engine = await SyncEngine.#open(db, loc, passphrase, false, rest);
    const snap = await engine.bucket.latestSnapshot<SyncState>();
    if (snap && snap.state?.v !== 1) throw new AppError('SYNC_CORRUPT', 'The snapshot is from a newer version of Alex.', { name: snap.name });
    const inSnapshot = snap?.state.records.length ?? 0;
    onProgress?.({ done: 0, total: inSnapshot });
    if (snap) await applyRecords(db, snap.state.records, engine.#ctx(), (done) => onProgress?.({ done, total: inSnapshot }));
    await db.transaction(async () => {
      await setState(db, 'cursor', JSON.stringify(snap?.cursor ?? EMPTY_CURSOR));
      await setState(db, 'library', engine.bucket.libraryId);
      await setRecording(db, true);
    });
    await engine.#round({ onProgress: onProgress && ((done, total) => onProgress({ done: inSnapshot + done, total: inSnapshot + total })) });
    await markAllDirty(db, engine.#now(), true);
    await engine.round();
    return engine;
  }

  /**
   * Reopens sync on a device where it is on (next launch): same library, saved cursor and clock.
   * `secret` is the passphrase or the key the device kept (`libraryKey`), which skips Argon2.
   */
  static async resume(db: Db, loc: SyncLocation, secret: string | CryptoKey, opts: EngineOptions = {}): Promise<SyncEngine> {
    const library = await getState(db, 'library');
    if (!library) throw new AppError('SYNC_NOT_SET_UP', 'Sync is not on for this library.');
    const engine = await SyncEngine.#open(db, loc, secret, false, opts);
    if (engine.bucket.libraryId !== library)
      throw new AppError('SYNC_NOT_SET_UP', 'This bucket holds a different synced library than the one this device joined.');
    return engine;
  }

  #ctx() {
    return { node: this.bucket.writerId, now: this.#now, offers: this.#offers };
  }

  /** One pull, merge, upload; concurrent calls share the round in progress. */
  round(opts: { snapshot?: boolean } = {}): Promise<RoundReport> {
    this.#running ??= this.#round(opts).finally(() => (this.#running = null));
    return this.#running;
  }

  async #round(opts: { snapshot?: boolean; onProgress?: (done: number, total: number) => void }): Promise<RoundReport> {
    const db = this.db;
    const cursor = JSON.parse((await getState(db, 'cursor')) ?? 'null') as SyncCursor | null;
    const { pulled, resynced } = await this.#pull(cursor ?? EMPTY_CURSOR);
    const total = pulled.entries.reduce((n, e) => n + e.records.length, 0);
    let count = 0;
    for (const e of pulled.entries) {
      await applyRecords(db, e.records, this.#ctx(), opts.onProgress && ((done) => opts.onProgress!(count + done, total)));
      count += e.records.length;
    }
    await setState(db, 'cursor', JSON.stringify(pulled.cursor));
    await applyPendingRecords(db, this.#ctx());

    let pushed = 0;
    for (;;) {
      const box = await collectOutbox(db, this.bucket.writerId);
      if (!box.rows.length) break;
      if (box.records.length) {
        const hs = box.records.map((r) => r.h).sort();
        // The entry's name then sorts after its records' stamps, and the saved clock covers them.
        this.bucket.clock.receive(parseHlc(hs[hs.length - 1]!));
        const sent = await this.bucket.append(box.records, { range: { min: hs[0]!, max: hs[hs.length - 1]! } });
        // This device's own entries count as seen: the next launch (a new writer) skips them,
        // and a later snapshot's `covers` names them, so pruning may delete them.
        pulled.cursor.seen[this.bucket.writerId] = { seq: sent.seq, name: sent.name };
        await setState(db, 'cursor', JSON.stringify(pulled.cursor));
      }
      await markSent(db, box);
      pushed += box.records.length;
    }
    await setState(db, 'clock', formatHlc(this.bucket.clock.last));

    const since = Number((await getState(db, 'since_snapshot')) ?? 0) + count + pushed;
    let snapshot = false;
    let pruned = 0;
    if ((opts.snapshot || since >= SNAPSHOT_EVERY) && (await countDirty(db)) === 0) {
      const written = await this.bucket.putSnapshot(await snapshotState(db), pulled.cursor);
      snapshot = true;
      // Best effort: a bucket that refuses deletions only keeps growing, as before pruning.
      pruned = (await this.bucket.prune(written).catch(() => ({ entries: 0 }))).entries;
    }
    await setState(db, 'since_snapshot', String(snapshot ? 0 : since));
    return { pulled: count, pushed, snapshot, pruned, resynced };
  }

  /**
   * The log after `cursor`. When entries it has not read were pruned (the device was offline for
   * longer than PRUNE_KEEP_MS), the newest snapshot holds them: it is applied like a join's (the
   * merge rules keep this device's newer changes, which are uploaded after), and the log is
   * read from its cursor. A listed entry that vanished before it was read is a prune that began
   * meanwhile: listing again meets its marker.
   */
  async #pull(cursor: SyncCursor): Promise<{ pulled: Awaited<ReturnType<SyncBucket<SyncRecord>['pull']>>; resynced: boolean }> {
    let resynced = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return { pulled: await this.bucket.pull(cursor), resynced };
      } catch (e) {
        if (!(e instanceof AppError) || attempt >= 2) throw e;
        if (e.code === 'SYNC_CORRUPT' && e.details?.missing && attempt === 0) continue;
        if (e.code !== 'SYNC_PRUNED' || resynced) throw e;
        const snap = await this.bucket.latestSnapshot<SyncState>();
        if (!snap || snap.state?.v !== 1) throw new AppError('SYNC_CORRUPT', 'The sync log was pruned but no readable snapshot holds it.', { name: snap?.name ?? e.details?.name });
        await applyRecords(this.db, snap.state.records, this.#ctx());
        await setState(this.db, 'cursor', JSON.stringify(snap.cursor));
        cursor = snap.cursor;
        resynced = true;
      }
    }
  }
}
