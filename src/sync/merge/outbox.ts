/**
 * This device's changes as records to upload. A change is stamped from the wall-clock time it
 * was made (the trigger recorded it), not when it is uploaded, so an edit made offline in the
 * morning does not beat one made elsewhere at noon just because it reached the bucket later.
 * The stamp is still after the row's current version, so an edit made after seeing another
 * device's record always wins over it, whatever the clocks say.
 */
import type { Db } from '../../db/Db';
import { clearDirty, getVersion, listDirty, setVersion, type DirtyRow } from '../../db/queries/syncState';
import { formatHlc, hlcReceive, parseHlc, type Hlc } from '../hlc';
import { parseMeta, readRecord } from './readRecord';
import type { ProgressRecord, SyncRecord } from './records';

/** The stamp of a change made at `ms` on a row whose current version is `floor`. */
export function localStamp(ms: number, floor: string | null | undefined, node: string): string {
  const base: Hlc = { wall: Math.max(0, Math.floor(ms)), counter: 0, node };
  if (!floor || formatHlc(base) > floor) return formatHlc(base);
  return formatHlc(hlcReceive(base, parseHlc(floor), ms));
}

const later = (a: string | null, b: string | null) => (a == null ? b : b == null ? a : a > b ? a : b);

export interface Outbox {
  records: SyncRecord[];
  /** The dirty rows these records cover: clear them (markSent) once the upload landed. */
  rows: DirtyRow[];
}

/** Up to `limit` changed rows as records, oldest change first. */
export async function collectOutbox(db: Db, node: string, limit = 2000): Promise<Outbox> {
  const rows = await listDirty(db, limit);
  const records: SyncRecord[] = [];
  for (const d of rows) {
    const ver = await getVersion(db, d.kind, d.key);
    const floor = ver?.hlc;
    const h = localStamp(d.changed_at, floor, node);
    const meta = parseMeta(ver?.meta);
    if (d.kind === 'progress') {
      if (d.completed_at != null) meta.c = later(meta.c, localStamp(d.completed_at, floor, node));
      if (d.reset_at != null) meta.r = later(meta.r, localStamp(d.reset_at, floor, node));
    }
    const rec = await readRecord(db, d.kind, d.key, h, meta, !!ver);
    if (rec?.t === 'progress') selfConsistent(rec);
    if (rec) records.push(rec);
  }
  return { records, rows };
}

/** After an upload: the rows' versions are the sent stamps, and their changes are no longer pending. */
export async function markSent(db: Db, box: Outbox): Promise<void> {
  await db.transaction(async () => {
    for (const r of box.records) {
      // Another device's record applied meanwhile may already be newer: keep its stamp.
      const now = await getVersion(db, r.t, r.k);
      if (now && now.hlc >= r.h) continue;
      await setVersion(db, r.t, r.k, { hlc: r.h, deleted: r.d === 1, meta: r.t === 'progress' ? JSON.stringify({ c: r.c, r: r.r }) : null });
    }
    await clearDirty(db, box.rows);
  });
}

/**
 * A row completed before sync was on (or before this device knew the stamps) carries no
 * completion stamp: the record would then read as "reading" elsewhere. Its stamps are made to
 * say what the row says, as of this change.
 */
function selfConsistent(rec: ProgressRecord): void {
  const completed = rec.c != null && (rec.r == null || rec.c > rec.r);
  if (rec.v?.status === 'completed' && !completed) rec.c = rec.h;
  if (rec.v && rec.v.status !== 'completed' && completed) rec.r = rec.h;
}
