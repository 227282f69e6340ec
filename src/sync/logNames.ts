/**
 * Names of the objects under `<prefix>sync/` (see README.md in this folder):
 *
 *   keyinfo.json                   plain: salt, KDF parameters, key check
 *   log/<hlc>.<seq>                one batch of one writer's changes; <hlc> ends with the writer id
 *   log/<hlc>.pruned               entries before <hlc>'s millisecond may have been deleted (pruneLog.ts)
 *   snapshot/<hlc>                 a compacted state and the log position it covers
 *
 * `<hlc>` is the fixed-width string of src/sync/hlc.ts, so a listing's key order is clock order.
 */
import { AppError } from '../domain/errors';
import { formatHlc, hlcWallPrefix, parseHlc, type Hlc } from './hlc';

export const LOG_DIR = 'log/';
export const SNAPSHOT_DIR = 'snapshot/';

/**
 * A protocol constant, the same on every device: readers re-list this far (in clock time) behind
 * the newest entry they have seen, and a writer re-uploads an entry that landed further than this
 * behind another one (src/sync/appendEntry.ts says why the two must agree).
 */
export const LOG_WINDOW_MS = 60_000;

export interface LogName {
  name: string;
  hlc: Hlc;
  writer: string;
  seq: number;
}

export function logName(hlc: Hlc, seq: number): string {
  return `${LOG_DIR}${formatHlc(hlc)}.${seq}`;
}

const LOG = /^log\/(\d{15}-\d{6}-[a-z0-9]{1,32})\.([1-9]\d{0,14})$/;
const PRUNED = /^log\/(\d{15}-\d{6}-[a-z0-9]{1,32})\.pruned$/;

/**
 * The pruning marker stamped `hlc`: log entries named before `logStartAt(hlc.wall)` may be gone.
 * It sits in log/ so that a device whose cursor is older meets it in its usual listing (an idle
 * poll stays one request).
 */
export function prunedMarkerName(hlc: Hlc): string {
  return `${LOG_DIR}${formatHlc(hlc)}.pruned`;
}

/** The marker's stamp, or null when `name` is not a pruning marker. */
export function parsePrunedMarker(name: string): Hlc | null {
  const m = PRUNED.exec(name);
  return m ? parseHlc(m[1]!) : null;
}

export function parseLogName(name: string): LogName {
  const m = LOG.exec(name);
  if (!m) throw new AppError('SYNC_CORRUPT', `An object in the sync log has an unexpected name: ${name.slice(0, 120)}`, { name });
  const hlc = parseHlc(m[1]!);
  return { name, hlc, writer: hlc.node, seq: Number(m[2]) };
}

/** The name to list after so as to see every entry stamped at or after `wallMs`. */
export function logStartAt(wallMs: number): string {
  return `${LOG_DIR}${hlcWallPrefix(wallMs)}`;
}

export function snapshotName(hlc: Hlc): string {
  return `${SNAPSHOT_DIR}${formatHlc(hlc)}`;
}

export function parseSnapshotName(name: string): Hlc {
  if (!name.startsWith(SNAPSHOT_DIR)) throw new AppError('SYNC_CORRUPT', `Not a snapshot name: ${name.slice(0, 120)}`, { name });
  return parseHlc(name.slice(SNAPSHOT_DIR.length));
}
