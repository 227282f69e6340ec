/** The compacted state a snapshot holds: every synced row's current record, tombstones included. */
import type { Db } from '../../db/Db';
import { listPending, listVersions } from '../../db/queries/syncState';
import { parseMeta, readRecord } from './readRecord';
import type { SyncRecord, SyncState } from './records';

export async function snapshotState(db: Db): Promise<SyncState> {
  const records: SyncRecord[] = [];
  for (const v of await listVersions(db)) {
    if (v.deleted) {
      records.push({ t: v.kind, k: v.key, h: v.hlc, d: 1 } as SyncRecord);
      continue;
    }
    const meta = parseMeta(v.meta);
    // A live version whose row is gone left with its book (a local delete would be a tombstone by now).
    const rec = await readRecord(db, v.kind, v.key, v.hlc, meta, false);
    if (rec) records.push(rec);
  }
  // Records for books this device does not hold still belong to the library.
  records.push(...((await listPending(db, false)) as SyncRecord[]));
  return { v: 1, records };
}
