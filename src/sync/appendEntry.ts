/**
 * Writes one batch of this writer's records to the log, then makes sure no reader can have
 * skipped past it.
 *
 * Readers list the log in key order and keep a cursor: the largest name they have listed. Next
 * time they list from LOG_WINDOW_MS (in clock time) before it. An entry is at risk of never being
 * listed only if, before it became visible, some reader had already listed a name more than the
 * window ahead of it: possible when two devices upload at once and one clock is behind (its name
 * sorts early) or ahead. Any such name was visible before our PUT finished, so one listing after
 * the PUT finds it; we then upload the same batch again (same seq, so readers keep whichever copy
 * they meet first) under a name after it. The re-upload is stamped at most the window past the
 * names it answers, so the other writer does not answer it in turn: the loop ends.
 */
import { AppError } from '../domain/errors';
import type { HlcClock } from './hlc';
import { formatHlc } from './hlc';
import { LOG_DIR, LOG_WINDOW_MS, logName, parseLogName, parsePrunedMarker } from './logNames';
import { sealObject } from './sealObject';
import type { SyncStore } from './SyncStore';
import type { LogPayload } from './types';

export interface LogContext {
  store: SyncStore;
  key: CryptoKey;
  clock: HlcClock;
}

const MAX_UPLOADS = 8;

export async function appendEntry<T>(
  ctx: LogContext,
  batch: { seq: number; prev: string | null; records: T[]; range: { min: string; max: string } | null },
): Promise<string> {
  let hlc = ctx.clock.now();
  for (let upload = 1; ; upload++) {
    const name = logName(hlc, batch.seq);
    const payload: LogPayload<T> = { v: 1, writer: hlc.node, seq: batch.seq, prev: batch.prev, hlc: formatHlc(hlc), range: batch.range, records: batch.records };
    await ctx.store.put(name, await sealObject(ctx.key, name, payload));

    let ahead: ReturnType<typeof parseLogName> | null = null;
    for await (const page of ctx.store.list(LOG_DIR, { startAfter: name })) {
      for (const later of page) {
        if (parsePrunedMarker(later)) continue;
        const l = parseLogName(later);
        if (l.hlc.wall > hlc.wall + LOG_WINDOW_MS && (!ahead || later > ahead.name)) ahead = l;
      }
    }
    if (!ahead) return name;
    if (upload >= MAX_UPLOADS)
      throw new AppError('CONFLICT', 'Other devices kept writing to the sync log at the same moment; the changes will be sent again.', { name });
    ctx.clock.receive(ahead.hlc);
    hlc = ctx.clock.now();
  }
}
