/** The shapes sync stores and hands back. All plain JSON, so callers can persist them as is. */

/**
 * How far a device has read the log. Persist it after applying a pull's entries (and only
 * then): a pull from an older cursor just returns the same entries again.
 */
export interface SyncCursor {
  /** The largest log name listed so far (null: nothing read yet, list from the start). */
  after: string | null;
  /** Per writer: the highest seq applied and its object name. */
  seen: Record<string, { seq: number; name: string }>;
}

export const EMPTY_CURSOR: SyncCursor = { after: null, seen: {} };

/** One uploaded batch of one writer's change records. */
export interface SyncEntry<T> {
  name: string;
  writer: string;
  seq: number;
  /** The HLC string of the upload (also in `name`). */
  hlc: string;
  /** The HLC range of the records, when the writer gave one. */
  range: { min: string; max: string } | null;
  records: T[];
}

/** What a log object holds once opened (version 1). */
export interface LogPayload<T> {
  v: 1;
  writer: string;
  seq: number;
  /** This writer's previous entry that is known to have landed (null for its first). */
  prev: string | null;
  hlc: string;
  range: { min: string; max: string } | null;
  records: T[];
}

export interface SyncSnapshot<S> {
  name: string;
  writer: string;
  hlc: string;
  /** The log position the state includes: pull from here after applying `state`. */
  cursor: SyncCursor;
  state: S;
}

export interface SnapshotPayload<S> {
  v: 1;
  writer: string;
  hlc: string;
  covers: SyncCursor;
  state: S;
}

/** A pruning marker `log/<hlc>.pruned` (pruneLog.ts): entries named before `before` may be gone. */
export interface PrunedMarkerPayload {
  v: 1;
  writer: string;
  /** A log name prefix: every entry the snapshot covers below it may have been deleted. */
  before: string;
  /** The snapshot that covers them. */
  snapshot: string;
}
