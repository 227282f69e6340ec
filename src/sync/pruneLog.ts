/**
 * Deletes what the newest snapshot makes unnecessary, so the bucket does not grow forever:
 *
 * - log entries named more than PRUNE_KEEP_MS (clock time) before the snapshot's `covers.after`
 *   that the snapshot covers: their writer's seq is at most the one `covers.seen` names, or the
 *   entry is older than SEEN_HORIZON_MS, past which every reader treats entries as applied;
 * - snapshots other than the newest SNAPSHOTS_KEPT;
 * - older pruning markers.
 *
 * First it writes a marker `log/<boundary>.pruned`. A device whose cursor is older than the
 * boundary (offline for longer than PRUNE_KEEP_MS) meets the marker in its next listing, in
 * key order, before anything after it: it then applies the newest snapshot (which holds every
 * deleted record) and reads the log from the snapshot's cursor, so nothing is lost. Devices that
 * kept up never list that far back, and an idle poll stays one request.
 */
import type { LogContext } from './appendEntry';
import { LOG_DIR, logStartAt, parseLogName, parsePrunedMarker, prunedMarkerName, SNAPSHOT_DIR } from './logNames';
import { SEEN_HORIZON_MS } from './pullLog';
import { sealObject } from './sealObject';
import type { PrunedMarkerPayload, SyncCursor } from './types';

/**
 * How much log (clock time) stays behind the newest snapshot. A device offline for longer
 * re-reads the snapshot (seconds for 10,000 books); one that was away for less just reads the log.
 */
export const PRUNE_KEEP_MS = 7 * 24 * 3600_000;
/** The newest one is what joins read; the one before stays for a device that listed it a moment ago. */
export const SNAPSHOTS_KEPT = 2;

export interface PruneReport {
  entries: number;
  snapshots: number;
}

/** `snapshot`: the newest snapshot, just written by this writer, and what it covers. */
export async function pruneLog(ctx: LogContext, snapshot: { name: string; covers: SyncCursor }): Promise<PruneReport> {
  const report: PruneReport = { entries: 0, snapshots: 0 };
  const { store } = ctx;

  const snapshots: string[] = [];
  for await (const page of store.list(SNAPSHOT_DIR)) snapshots.push(...page);
  snapshots.sort();
  const oldSnapshots = snapshots.slice(0, Math.max(0, snapshots.length - SNAPSHOTS_KEPT)).filter((n) => n < snapshot.name);

  const doomed: string[] = [];
  const oldMarkers: string[] = [];
  const after = snapshot.covers.after;
  let boundaryWall = 0;
  if (after) {
    const afterWall = parseLogName(after).hlc.wall;
    boundaryWall = afterWall - PRUNE_KEEP_MS;
    const before = logStartAt(boundaryWall);
    const horizon = logStartAt(afterWall - SEEN_HORIZON_MS);
    listing: for await (const page of store.list(LOG_DIR)) {
      for (const name of page) {
        if (name >= before) break listing;
        if (parsePrunedMarker(name)) {
          oldMarkers.push(name);
          continue;
        }
        const at = parseLogName(name);
        const seen = snapshot.covers.seen[at.writer];
        if ((seen && at.seq <= seen.seq) || name < horizon) doomed.push(name);
      }
    }
    if (doomed.length) {
      const marker = prunedMarkerName({ wall: boundaryWall, counter: 0, node: ctx.clock.node });
      const payload: PrunedMarkerPayload = { v: 1, writer: ctx.clock.node, before, snapshot: snapshot.name };
      // Written before anything is deleted, so any listing that misses an entry sees the marker.
      await store.put(marker, await sealObject(ctx.key, marker, payload));
      await store.delete(doomed);
      report.entries = doomed.length;
      await store.delete(oldMarkers.filter((m) => m !== marker));
    }
  }
  await store.delete(oldSnapshots);
  report.snapshots = oldSnapshots.length;
  return report;
}

