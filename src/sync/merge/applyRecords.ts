/**
 * Applies other devices' change records to this device's tables (merge rules: README, "Merge
 * rules"). Idempotent and order-independent per row: a record older than the row's version is
 * dropped, a newer one replaces it, except where a rule says otherwise (progress, deleted users).
 * Runs with the change triggers off, so nothing applied here is uploaded again.
 */
import type { Db } from '../../db/Db';
import { deleteSyncedAnnotation, putAnnotation } from '../../db/queries/annotations';
import { addSyncedBooks, applySyncedBooksMetadata, bookIdsByHash, getBookByHash } from '../../db/queries/books';
import { deleteCollection, getCollection, putSyncedCollection, putSyncedMember, removeBookFromCollection } from '../../db/queries/collections';
import { getProgress, upsertProgress } from '../../db/queries/progress';
import {
  clearDirtyStamps, dropDirty, dropDirtyKeys, dropPending, dropPendingKeys, getDirty, getDirtyRows, getVersion, getVersions, listPending, putOffer, putPending,
  setVersion, setVersions, withoutRecording, type RowVersion, type SyncKind,
} from '../../db/queries/syncState';
import { deleteUser, getUserById, promoteOldestIfNoAdmin, putSyncedUser } from '../../db/queries/users';
import { isBackwardMove, mergeProgress, type ProgressVersion } from './mergeProgress';
import { localStamp } from './outbox';
import { parseMeta } from './readRecord';
import { byApplyOrder, splitKey, type AnnotationRecord, type BookRecord, type CollectionRecord, type MemberRecord, type UserRecord, type ProgressRecord, type SyncRecord } from './records';

export interface ApplyContext {
  /** This device's writer id (stamps its own pending changes for comparison). */
  node: string;
  now(): number;
  /** Offer big steps back instead of taking them (default). Off in convergence tests, where devices must end equal. */
  offers?: boolean;
}

export type Outcome = 'applied' | 'old' | 'kept-local' | 'pending' | 'skipped' | 'offered';

const later = (a: string | null, b: string | null) => (a == null ? b : b == null ? a : a > b ? a : b);

/** Book and membership records applied together (bulk reads; for books, one insert per 50 and one search-index pass). */
export const APPLY_CHUNK = 500;

/**
 * Applies a batch (in a transaction) and then the last-administrator rule. `onProgress` hears
 * how many of the records are done, every APPLY_CHUNK records and at the end. Outcomes come in
 * apply order (byApplyOrder).
 */
export async function applyRecords(db: Db, records: SyncRecord[], ctx: ApplyContext, onProgress?: (done: number) => void): Promise<Outcome[]> {
  return db.transaction(async () => {
    const out = await withoutRecording(db, async () => {
      const sorted = [...records].sort(byApplyOrder);
      const res: Outcome[] = [];
      let reported = 0;
      for (let i = 0; i < sorted.length; ) {
        const run = bulkRun(sorted, i);
        if (run.length) res.push(...(run[0]!.t === 'book' ? await applyBooks(db, run as BookRecord[], ctx) : await applyMembers(db, run as MemberRecord[], ctx)));
        else res.push(await applyOne(db, sorted[i]!, ctx));
        i += run.length || 1;
        if (onProgress && (i - reported >= APPLY_CHUNK || i === sorted.length)) onProgress((reported = i));
      }
      return res;
    });
    // Recorded like a local change (triggers on), so the promotion reaches the other devices too.
    await promoteOldestIfNoAdmin(db);
    return out;
  });
}

/** Records that waited for a book this device now has (after a scan or a poll found it). */
export async function applyPendingRecords(db: Db, ctx: ApplyContext): Promise<number> {
  const ready = (await listPending(db, true)) as SyncRecord[];
  if (ready.length) await applyRecords(db, ready, ctx);
  return ready.length;
}

/** Whether this device holds a change to the row not uploaded yet that is newer than `h`. */
async function localIsNewer(db: Db, kind: SyncKind, key: string, h: string, floor: string | undefined, ctx: ApplyContext): Promise<boolean> {
  const dirty = await getDirty(db, kind, key);
  if (!dirty) return false;
  if (localStamp(Number(dirty.changed_at), floor, ctx.node) > h) return true;
  await dropDirty(db, kind, key);
  return false;
}

async function applyOne(db: Db, r: SyncRecord, ctx: ApplyContext): Promise<Outcome> {
  if (r.t === 'progress') return applyProgress(db, r, ctx);
  if (r.t === 'book') return (await applyBooks(db, [r], ctx))[0]!;
  if (r.t === 'member') return (await applyMembers(db, [r], ctx))[0]!;
  const ver = await getVersion(db, r.t, r.k);
  if (r.t === 'user' || r.t === 'collection') return applyFinalDelete(db, r, ver, ctx);
  if (ver && ver.hlc >= r.h) return 'old';
  if (await localIsNewer(db, r.t, r.k, r.h, ver?.hlc, ctx)) return 'kept-local';
  return applyAnnotation(db, r);
}

/**
 * Users and collections: last writer wins, except that deleting one is final on every device,
 * whatever was edited elsewhere meanwhile (an edit must not bring a deleted account back).
 */
async function applyFinalDelete(db: Db, r: UserRecord | CollectionRecord, ver: RowVersion | undefined, ctx: ApplyContext): Promise<Outcome> {
  if (ver?.deleted) return 'old';
  const exists = async () => (r.t === 'user' ? !!(await getUserById(db, r.k)) : !!(await getCollection(db, r.k)));
  if (r.d) {
    if (r.t === 'user') await deleteUser(db, r.k);
    else await deleteCollection(db, r.k);
    await dropDirty(db, r.t, r.k);
    await setVersion(db, r.t, r.k, { hlc: r.h, deleted: true, meta: null });
    return 'applied';
  }
  if (ver && ver.hlc >= r.h) return 'old';
  if ((await getDirty(db, r.t, r.k)) && !(await exists())) return 'kept-local'; // deleted here, not uploaded yet
  if (await localIsNewer(db, r.t, r.k, r.h, ver?.hlc, ctx)) return 'kept-local';
  try {
    if (r.t === 'user') await putSyncedUser(db, r.k, r.v!);
    else if (await getUserById(db, r.v!.userId)) await putSyncedCollection(db, r.k, r.v!);
    else return 'skipped'; // its owner was deleted
  } catch {
    // Another account here has this email (made on two devices before they synced): keep
    // both devices' data as it is rather than drop either; README, "Limits".
    return 'skipped';
  }
  await setVersion(db, r.t, r.k, { hlc: r.h, deleted: false, meta: null });
  return 'applied';
}

/**
 * Membership records with distinct keys, with applyOne's rules, reads and bookkeeping done for the
 * whole run. A record touches only its own membership, version, change and pending rows, and the
 * collections it needs were applied before (byApplyOrder), so order within the run does not matter.
 */
/**
 * Whether a remote record in a bulk run is newer than this device's version and any unsent local
 * edit of it; notes the outcome when not, and the local edit it overrides when it is.
 */
function beatsLocal(
  r: { k: string; h: string },
  versions: Awaited<ReturnType<typeof getVersions>>,
  dirty: Awaited<ReturnType<typeof getDirtyRows>>,
  ctx: ApplyContext,
  out: Outcome[],
  undirty: string[],
): boolean {
  const ver = versions.get(r.k);
  if (ver && ver.hlc >= r.h) {
    out.push('old');
    return false;
  }
  const d = dirty.get(r.k);
  if (d) {
    if (localStamp(Number(d.changed_at), ver?.hlc, ctx.node) > r.h) {
      out.push('kept-local');
      return false;
    }
    undirty.push(r.k);
  }
  return true;
}

async function applyMembers(db: Db, run: MemberRecord[], ctx: ApplyContext): Promise<Outcome[]> {
  const keys = run.map((r) => r.k);
  const versions = await getVersions(db, 'member', keys);
  const dirty = await getDirtyRows(db, 'member', keys);
  const ids = await bookIdsByHash(db, [...new Set(run.map((r) => splitKey(r.k).hash))]);
  const collections = new Map<string, boolean>();
  const out: Outcome[] = [];
  const undirty: string[] = [];
  const applied: MemberRecord[] = [];
  for (const r of run) {
    if (!beatsLocal(r, versions, dirty, ctx, out, undirty)) continue;
    const { owner, hash } = splitKey(r.k);
    if (!collections.has(owner)) collections.set(owner, !!(await getCollection(db, owner)));
    if (!collections.get(owner)) {
      out.push('skipped');
      continue;
    }
    const bookId = ids.get(hash);
    if (!bookId) {
      out.push((await parkUntilBook(db, r, hash)) ? 'pending' : 'old');
      continue;
    }
    if (r.d) await removeBookFromCollection(db, owner, bookId);
    else await putSyncedMember(db, owner, bookId, r.v!.addedAt);
    applied.push(r);
    out.push('applied');
  }
  await dropDirtyKeys(db, 'member', undirty);
  await setVersions(db, 'member', applied.map((r) => ({ key: r.k, v: { hlc: r.h, deleted: !!r.d, meta: null } })));
  await dropPendingKeys(db, 'member', applied.map((r) => r.k));
  return out;
}

/** Last writer wins per annotation; a deletion is a tombstone that an older edit cannot undo. */
async function applyAnnotation(db: Db, r: AnnotationRecord): Promise<Outcome> {
  if (r.d) {
    await deleteSyncedAnnotation(db, r.k);
  } else {
    const { book: hash, madeOn, ...rest } = r.v!;
    if (!(await getUserById(db, rest.userId))) return 'skipped';
    const book = await getBookByHash(db, hash);
    if (!book) return (await parkUntilBook(db, r, hash)) ? 'pending' : 'old';
    await putAnnotation(db, { ...rest, id: r.k, bookId: book.id, bookHash: madeOn });
  }
  await setVersion(db, 'annotation', r.k, { hlc: r.h, deleted: !!r.d, meta: null });
  await dropPending(db, 'annotation', r.k);
  return 'applied';
}

/**
 * The records of `sorted[start]`'s kind from `start` on, up to APPLY_CHUNK and stopping before a
 * key seen twice (each record of a run must see the rows as the previous records left them, so a
 * key appears once); empty unless that kind is applied in bulk (books, memberships).
 */
function bulkRun(sorted: SyncRecord[], start: number): (BookRecord | MemberRecord)[] {
  const run: (BookRecord | MemberRecord)[] = [];
  const kind = sorted[start]?.t;
  if (kind !== 'book' && kind !== 'member') return run;
  const keys = new Set<string>();
  for (let i = start; i < sorted.length && run.length < APPLY_CHUNK; i++) {
    const r = sorted[i]!;
    if (r.t !== kind || keys.has(r.k)) break;
    keys.add(r.k);
    run.push(r);
  }
  return run;
}

/**
 * Book records with distinct keys, with the rules of applyOne and the former one-at-a-time
 * applyBook, but each read and write done for the whole run: a record touches only its own
 * book, version, change and pending rows, so the order within the run does not matter.
 */
async function applyBooks(db: Db, run: BookRecord[], ctx: ApplyContext): Promise<Outcome[]> {
  const keys = run.map((r) => r.k);
  const versions = await getVersions(db, 'book', keys);
  const dirty = await getDirtyRows(db, 'book', keys);
  const ids = await bookIdsByHash(db, keys);
  const out: Outcome[] = [];
  const undirty: string[] = [];
  const updates: Parameters<typeof applySyncedBooksMetadata>[1][number][] = [];
  const inserts: Parameters<typeof addSyncedBooks>[1][number][] = [];
  const applied: BookRecord[] = [];
  for (const r of run) {
    if (!beatsLocal(r, versions, dirty, ctx, out, undirty)) continue;
    if (!r.v) {
      out.push('skipped');
      continue;
    }
    const id = ids.get(r.k);
    if (id) updates.push({ id, m: r.v });
    // Without a bucket key it comes from a folder on another device: listed as "Not on this
    // device" until this device's folder has the same file (the scan then takes the row over:
    // src/db/queries/scan.ts).
    else inserts.push({ hash: r.k, book: r.v, s3: r.v.s3 });
    applied.push(r);
    out.push('applied');
  }
  await dropDirtyKeys(db, 'book', undirty);
  if (updates.length) await applySyncedBooksMetadata(db, updates);
  if (inserts.length) await addSyncedBooks(db, inserts);
  await setVersions(db, 'book', applied.map((r) => ({ key: r.k, v: { hlc: r.h, deleted: false, meta: null } })));
  await dropPendingKeys(db, 'book', applied.map((r) => r.k));
  return out;
}

/** Keeps the newest record per row for when the book arrives; false when a newer one waits. */
async function parkUntilBook(db: Db, r: SyncRecord, hash: string): Promise<boolean> {
  const waiting = (await listPending(db, false)) as SyncRecord[];
  const same = waiting.find((w) => w.t === r.t && w.k === r.k);
  if (same && same.h >= r.h && r.t !== 'progress') return false;
  const merged = same && r.t === 'progress' && same.t === 'progress' ? mergeWaiting(same, r) : r;
  await putPending(db, r.t, r.k, hash, merged);
  return true;
}

function mergeWaiting(a: ProgressRecord, b: ProgressRecord): ProgressRecord {
  const m = mergeProgress({ value: a.v!, h: a.h, c: a.c, r: a.r }, { value: b.v!, h: b.h, c: b.c, r: b.r });
  return { t: 'progress', k: a.k, h: m.h, c: m.c, r: m.r, v: m.value };
}

async function applyProgress(db: Db, r: ProgressRecord, ctx: ApplyContext): Promise<Outcome> {
  const { owner: userId, hash } = splitKey(r.k);
  if (!r.v || !(await getUserById(db, userId))) return 'skipped';
  const book = await getBookByHash(db, hash);
  if (!book) return (await parkUntilBook(db, r, hash)) ? 'pending' : 'old';
  await dropPending(db, 'progress', r.k);

  const ver = await getVersion(db, 'progress', r.k);
  const meta = parseMeta(ver?.meta);
  const row = await getProgress(db, userId, book.id);
  const dirty = await getDirty(db, 'progress', r.k);
  let local: ProgressVersion | null = null;
  if (row) {
    const h = dirty ? localStamp(Number(dirty.changed_at), ver?.hlc, ctx.node) : (ver?.hlc ?? '');
    const c = dirty?.completed_at != null ? later(meta.c, localStamp(Number(dirty.completed_at), ver?.hlc, ctx.node)) : meta.c;
    const rs = dirty?.reset_at != null ? later(meta.r, localStamp(Number(dirty.reset_at), ver?.hlc, ctx.node)) : meta.r;
    const { currentPage, totalPages, epubLocation, percentComplete, status, lastReadAt } = row;
    local = { value: { currentPage, totalPages, epubLocation, percentComplete, status, lastReadAt }, h, c, r: rs };
  }
  const remote: ProgressVersion = { value: r.v, h: r.h, c: r.c, r: r.r };
  const merged = mergeProgress(local, remote);
  if (local && merged.h === local.h && merged.c === local.c && merged.r === local.r) return 'old';

  let outcome: Outcome = 'applied';
  let value = merged.value;
  if (ctx.offers !== false && local && merged.h === remote.h && isBackwardMove(local, remote)) {
    // Well behind this device: keep reading here, and let the reader offer the other position.
    value = { ...local.value, status: merged.value.status, percentComplete: merged.value.status === 'completed' ? 100 : local.value.percentComplete };
    await putOffer(db, { userId, bookId: book.id, currentPage: r.v.currentPage, totalPages: r.v.totalPages, epubLocation: r.v.epubLocation, percentComplete: r.v.percentComplete, offeredAt: ctx.now() });
    outcome = 'offered';
  }
  if (local && merged.h === local.h) outcome = 'kept-local';
  if (dirty) {
    // This device's own completion or reset is in the merged stamps (saved below): the others
    // must hear of it even when they won the position, so the change stays queued. Its stamps
    // are final now, and re-stamping them after the new version would move them past the other
    // device's reset or completion.
    if (outcome === 'kept-local' || merged.c !== remote.c || merged.r !== remote.r) await clearDirtyStamps(db, 'progress', r.k);
    else await dropDirty(db, 'progress', r.k);
  }
  await upsertProgress(db, userId, book.id, value);
  const hlc = ver && ver.hlc > merged.h ? ver.hlc : merged.h;
  await setVersion(db, 'progress', r.k, { hlc: dirty && outcome === 'kept-local' ? later(hlc, r.h)! : hlc, deleted: false, meta: JSON.stringify({ c: merged.c, r: merged.r }) });
  return outcome;
}
