import type { FileStat, ScanReport, ScanWrite, ScanWriteResult } from '../db/api';
import { isOutOfSpace } from '../domain/errors';
import { addDuplicate, addFailure, countApplied } from './scanReport';

interface Pending {
  write: ScanWrite;
  /** The file the write is about, for the report (null for a delete). */
  stat: FileStat | null;
}

export interface BatcherOptions {
  /** Writes per call (each call holds the cross-tab database lock). */
  batchSize: number;
  /** A partial batch is written after this long, so books appear while a long scan runs. */
  maxDelayMs: number;
  now(): number;
  /** Out of space: the scan must stop. */
  onOutOfSpace(e: unknown): void;
}

/**
 * A scan's writes, sent in batches one at a time and counted in the report. After a batch
 * fails, later batches are not sent: their writes are kept in `unapplied`.
 */
export class ScanBatcher {
  private pending: Pending[] = [];
  private firstPendingAt = 0;
  private writing: Promise<void> = Promise.resolve();
  /** The error of the batch that failed, if one did. */
  writeError: unknown = null;
  /** Cover files that rows stopped using. */
  readonly staleCovers: string[] = [];
  readonly unapplied: ScanWrite[] = [];

  constructor(
    private readonly apply: (writes: ScanWrite[]) => Promise<ScanWriteResult[]>,
    private readonly report: ScanReport,
    private readonly opts: BatcherOptions,
  ) {}

  queue(write: ScanWrite, stat: FileStat | null): void {
    if (!this.pending.length) this.firstPendingAt = this.opts.now();
    this.pending.push({ write, stat });
    if (this.pending.length >= this.opts.batchSize || this.opts.now() - this.firstPendingAt >= this.opts.maxDelayMs) void this.flush();
  }

  /** Sends what is pending; resolves when every batch so far is written (or dropped). */
  flush(): Promise<void> {
    if (!this.pending.length) return this.writing;
    const batch = this.pending;
    this.pending = [];
    const dropped = () => void this.unapplied.push(...batch.map((p) => p.write));
    this.writing = this.writing.then(() => {
      if (this.writeError) return dropped();
      return this.applyBatch(batch).catch((e) => {
        this.writeError = e;
        dropped();
        if (isOutOfSpace(e)) this.opts.onOutOfSpace(e);
      });
    });
    return this.writing;
  }

  private async applyBatch(batch: Pending[]): Promise<void> {
    const results = await this.apply(batch.map((p) => p.write));
    results.forEach((r, i) => {
      const { write, stat } = batch[i]!;
      if (r.status === 'ok') {
        if (r.staleCover) this.staleCovers.push(r.staleCover);
        countApplied(this.report, write);
      } else if (r.status === 'duplicate') {
        if (stat) addDuplicate(this.report, stat.path, r.existingPath);
        // A cover written for content the library already has under another row: that row
        // uses the same file name (covers are named by hash), so it is not stale.
      } else if (stat) addFailure(this.report, stat, r.reason);
    });
  }
}
