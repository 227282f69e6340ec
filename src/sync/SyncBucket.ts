/**
 * A synced library's bucket, opened with its key: append this device's change batches, pull the
 * others', write and read snapshots. Get one from openSyncBucket().
 *
 * Each opened SyncBucket is a new *writer*, with a random id and seqs from 1. A device that
 * restarts is a new writer, so a seq is never reused for different records even when the app
 * was killed between an upload and saving its state: nothing has to be saved before a write.
 */
import { AppError } from '../domain/errors';
import { formatHlc, HlcClock, parseHlc, type Hlc } from './hlc';
import { appendEntry, type LogContext } from './appendEntry';
import { pullLog } from './pullLog';
import { pruneLog, type PruneReport } from './pruneLog';
import { parseSnapshotName, SNAPSHOT_DIR, snapshotName } from './logNames';
import { openSealed, sealObject } from './sealObject';
import type { SyncStore } from './SyncStore';
import type { SnapshotPayload, SyncCursor, SyncEntry, SyncSnapshot } from './types';

export function newWriterId(): string {
  // 16 base-36 characters (about 80 bits): unique across devices and launches without coordination.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

export class SyncBucket<T = unknown> {
  /**
   * This writer's clock: the merge layer stamps its changes with `clock.now()` so they order
   * with the log's names. Persist `clock.last` and pass it back as `clockSeed` next launch.
   */
  readonly clock: HlcClock;
  readonly #ctx: LogContext;
  #seq = 0;
  #prev: string | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly store: SyncStore,
    key: CryptoKey,
    readonly libraryId: string,
    opts: { writerId?: string; wallClock?: () => number; clockSeed?: Hlc } = {},
  ) {
    this.clock = new HlcClock(opts.writerId ?? newWriterId(), opts.wallClock, opts.clockSeed);
    this.#ctx = { store, key, clock: this.clock };
  }

  /** The library key (non-extractable), for a device to keep so the next launch skips the passphrase. */
  get key(): CryptoKey {
    return this.#ctx.key;
  }

  get writerId(): string {
    return this.clock.node;
  }

  /** One call at a time per writer: seqs and `prev` follow upload order. */
  #serial<R>(task: () => Promise<R>): Promise<R> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Uploads one batch of this device's change records. If it throws, treat the records as not
   * sent and include them in a later append: a batch that did land anyway is then applied twice,
   * which the merge (idempotent by design) absorbs. Pull first, so the batch sorts after what
   * this device has seen.
   */
  append(records: T[], opts: { range?: { min: string; max: string } } = {}): Promise<{ name: string; seq: number }> {
    return this.#serial(async () => {
      // The seq is used up even if the upload fails: the object may have landed, and a reused
      // seq with other records would be skipped by readers that kept the first.
      const seq = ++this.#seq;
      const name = await appendEntry(this.#ctx, { seq, prev: this.#prev, records, range: opts.range ?? null });
      this.#prev = name;
      return { name, seq };
    });
  }

  /** The other writers' entries after `cursor`, and the cursor to persist once they are applied. */
  pull(cursor: SyncCursor): Promise<{ entries: SyncEntry<T>[]; cursor: SyncCursor }> {
    return pullLog<T>(this.#ctx, cursor, this.writerId);
  }

  /**
   * Writes a compacted state that includes everything `covers` has pulled plus this writer's
   * own appends so far. A later-stamped snapshot wins; this one is stamped after every snapshot
   * already there (one listing), so a device whose clock is behind still replaces an older one.
   * The name is unique to this writer; the conditional write (where the provider honours it)
   * only guards against a second writer with the same id.
   */
  putSnapshot<S>(state: S, covers: SyncCursor): Promise<{ name: string; covers: SyncCursor }> {
    return this.#serial(async () => {
      const newest = await this.#newestSnapshotName();
      if (newest) this.clock.receive(parseSnapshotName(newest));
      const seen = { ...covers.seen };
      if (this.#prev) seen[this.writerId] = { seq: this.#seq, name: this.#prev };
      for (let attempt = 0; attempt < 3; attempt++) {
        const hlc = this.clock.now();
        const name = snapshotName(hlc);
        const payload: SnapshotPayload<S> = { v: 1, writer: this.writerId, hlc: formatHlc(hlc), covers: { after: covers.after, seen }, state };
        if ((await this.store.put(name, await sealObject(this.#ctx.key, name, payload), { ifAbsent: true })) === 'written') return { name, covers: payload.covers };
      }
      throw new AppError('CONFLICT', 'Another device wrote a snapshot under this device’s name.');
    });
  }

  /**
   * Deletes the log entries, snapshots and markers that `snapshot` (the newest, just written by
   * this writer with putSnapshot) makes unnecessary: pruneLog.ts.
   */
  prune(snapshot: { name: string; covers: SyncCursor }): Promise<PruneReport> {
    return this.#serial(() => pruneLog(this.#ctx, snapshot));
  }

  async #newestSnapshotName(): Promise<string | null> {
    let newest: string | null = null;
    for await (const page of this.store.list(SNAPSHOT_DIR)) for (const n of page) if (!newest || n > newest) newest = n;
    return newest;
  }

  /** The newest snapshot (largest clock stamp), or null when there is none. */
  async latestSnapshot<S>(): Promise<SyncSnapshot<S> | null> {
    const newest = await this.#newestSnapshotName();
    if (!newest) return null;
    const hlc = parseSnapshotName(newest);
    const bytes = await this.store.get(newest);
    if (!bytes) throw new AppError('SYNC_CORRUPT', `The snapshot ${newest} vanished while being read.`, { name: newest });
    const p = await openSealed<SnapshotPayload<S>>(this.#ctx.key, newest, bytes);
    if (p?.v !== 1 || p.writer !== hlc.node || p.hlc !== formatHlc(hlc) || typeof p.covers?.seen !== 'object')
      throw new AppError('SYNC_CORRUPT', `The snapshot ${newest} does not match its name.`, { name: newest });
    this.clock.receive(parseHlc(p.hlc));
    return { name: newest, writer: p.writer, hlc: p.hlc, cursor: p.covers, state: p.state };
  }
}
