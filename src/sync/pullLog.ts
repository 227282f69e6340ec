/**
 * Reads the other writers' new log entries after a cursor: when nothing is new, exactly one
 * ListObjectsV2 request (see appendEntry.ts for why listing from a window behind the cursor
 * never misses an entry).
 *
 * Entries come back in key (clock) order, each writer's in seq order, each once per cursor: a
 * writer's entry is skipped when its seq is not above the cursor's `seen` for that writer.
 * Every entry names its writer's previous entry that landed (`prev`); when the cursor has not
 * seen that one, it is fetched by name before its successor. With a strongly consistent bucket
 * (AWS S3, R2, MinIO) this never happens; it guards against a listing that lags.
 */
import { AppError } from '../domain/errors';
import { parseHlc } from './hlc';
import { LOG_DIR, LOG_WINDOW_MS, logStartAt, parseLogName, parsePrunedMarker, type LogName } from './logNames';
import { openSealed } from './sealObject';
import type { LogContext } from './appendEntry';
import type { LogPayload, PrunedMarkerPayload, SyncCursor, SyncEntry } from './types';

/**
 * Writers not heard from for this long (clock time, behind the cursor) are dropped from the
 * cursor, and a `prev` older than this is taken as applied. Pruning (pruneLog.ts) deletes an
 * entry the snapshot does not name as seen only when it is older than this.
 */
export const SEEN_HORIZON_MS = 30 * 24 * 3600_000;

function corrupt(message: string, name: string): AppError {
  return new AppError('SYNC_CORRUPT', message, { name });
}

async function openEntry<T>(ctx: LogContext, at: LogName): Promise<LogPayload<T>> {
  const bytes = await ctx.store.get(at.name);
  // `missing`: a prune that began after the listing also looks like this; the engine lists again.
  if (!bytes) throw new AppError('SYNC_CORRUPT', `The sync log entry ${at.name} is missing from the bucket.`, { name: at.name, missing: true });
  const p = await openSealed<LogPayload<T>>(ctx.key, at.name, bytes);
  const prevOk = p.prev === null || (typeof p.prev === 'string' && parseLogName(p.prev).writer === at.writer && parseLogName(p.prev).seq < at.seq);
  if (p?.v !== 1 || p.writer !== at.writer || p.seq !== at.seq || !Array.isArray(p.records) || !prevOk)
    throw corrupt(`The sync log entry ${at.name} does not match its name.`, at.name);
  return p;
}

export async function pullLog<T>(ctx: LogContext, cursor: SyncCursor, ownWriter: string): Promise<{ entries: SyncEntry<T>[]; cursor: SyncCursor }> {
  const seen: SyncCursor['seen'] = { ...cursor.seen };
  let after = cursor.after;
  const cursorWall = after ? parseLogName(after).hlc.wall : 0;
  const horizon = after ? logStartAt(cursorWall - SEEN_HORIZON_MS) : '';
  const entries: SyncEntry<T>[] = [];

  const apply = (at: LogName, p: LogPayload<T>) => {
    entries.push({ name: at.name, writer: at.writer, seq: at.seq, hlc: p.hlc, range: p.range ?? null, records: p.records });
    seen[at.writer] = { seq: at.seq, name: at.name };
    if (p.range?.max) ctx.clock.receive(parseHlc(p.range.max));
  };

  /** The entry, after any predecessors the cursor missed (oldest first). */
  const applyWithPredecessors = async (at: LogName) => {
    const chain: [LogName, LogPayload<T>][] = [[at, await openEntry<T>(ctx, at)]];
    for (;;) {
      const prev = chain[chain.length - 1]![1].prev;
      if (!prev || prev < horizon) break;
      const p = parseLogName(prev);
      if (p.seq <= (seen[p.writer]?.seq ?? 0)) break;
      chain.push([p, await openEntry<T>(ctx, p)]);
    }
    for (const [n, p] of chain.reverse()) apply(n, p);
  };

  const listFrom = after ? logStartAt(cursorWall - LOG_WINDOW_MS) : undefined;
  for await (const page of ctx.store.list(LOG_DIR, { startAfter: listFrom })) {
    for (const name of page) {
      const marker = parsePrunedMarker(name);
      if (marker) {
        // Entries this cursor has not read may be gone: the caller re-reads the newest snapshot.
        if (!listFrom || logStartAt(marker.wall) > listFrom) await checkMarker(ctx, name);
        continue;
      }
      const at = parseLogName(name);
      // Stamps the next upload after everything listed, so it sorts after what this device saw.
      ctx.clock.receive(at.hlc);
      if (!after || name > after) after = name;
      if (at.writer === ownWriter || at.seq <= (seen[at.writer]?.seq ?? 0)) continue;
      await applyWithPredecessors(at);
    }
  }
  for (const [writer, s] of Object.entries(seen)) if (s.name < horizon) delete seen[writer];
  return { entries, cursor: { after, seen } };
}

/** Throws SYNC_PRUNED for a genuine marker (sealed with the library key under its name), SYNC_CORRUPT for a forged one. */
async function checkMarker(ctx: LogContext, name: string): Promise<never> {
  const bytes = await ctx.store.get(name);
  // Gone since the listing: a newer prune replaced it, which deleted at least as much.
  if (bytes) {
    const p = await openSealed<PrunedMarkerPayload>(ctx.key, name, bytes);
    if (p?.v !== 1 || typeof p.before !== 'string') throw corrupt(`The sync pruning marker ${name} does not match its name.`, name);
  }
  throw new AppError('SYNC_PRUNED', 'Older sync log entries were deleted after a snapshot; this device reads the snapshot again.', { name });
}
