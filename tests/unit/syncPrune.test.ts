/**
 * Log pruning (src/sync/pruneLog.ts) on a real bucket: after a snapshot, the log it covers that
 * is older than PRUNE_KEEP_MS goes, and so do old snapshots; a device that was offline for
 * longer meets the marker, re-reads the snapshot and loses nothing (its offline change included);
 * one that kept up polls with one request as before.
 */
import { describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeTestApi, type TestApi } from './testApi';
import { countingClient, BUCKET, FAST_KDF, rawObjects, useSyncS3 } from './syncHelpers';
import { PASS } from './syncDevices';
import { insertCollection, listCollectionsOfUser } from '../../src/db/queries/collections';
import { SyncEngine } from '../../src/sync/SyncEngine';
import { PRUNE_KEEP_MS, SNAPSHOTS_KEPT } from '../../src/sync/pruneLog';
import { LOG_WINDOW_MS } from '../../src/sync/logNames';

const DAY = 24 * 3600_000;

describe('pruning the sync log', () => {
  const engine = engines[0]!;
  const s3 = useSyncS3();

  /** Every device reads this clock: the test moves it on by days. */
  const clock = { now: Date.now() };
  const wallClock = () => clock.now;

  async function device(prefix: string, t?: TestApi) {
    const api = t ?? (await makeTestApi(engine));
    const c = await countingClient(s3());
    return { ...api, c, loc: { client: c.client, bucket: BUCKET, prefix } };
  }
  const names = async (dev: { c: { client: Parameters<typeof rawObjects>[0] } }, prefix: string) =>
    [...(await rawObjects(dev.c.client, `${prefix}sync/`)).keys()].map((k) => k.slice(`${prefix}sync/`.length)).sort();
  const shelves = async (t: TestApi) => (await listCollectionsOfUser(t.db, '1')).map((c) => c.name).sort();

  it('deletes the covered old log and snapshots; a device offline for longer re-reads the snapshot and keeps its offline change; one that kept up does not', async () => {
    const p = 'prune/';
    const a = await device(p);
    let A = await SyncEngine.turnOn(a.db, a.loc, PASS, { kdf: FAST_KDF, wallClock });
    const d = await device(p);
    const D = await SyncEngine.join(d.db, d.loc, PASS, { wallClock });
    const f = await device(p);
    const F = await SyncEngine.join(f.db, f.loc, PASS, { wallClock });

    // D goes offline with a change of its own.
    await insertCollection(d.db, '1', 'Made offline on D');

    // Two weeks of changes on A, over three launches (each a new writer), and on F, which keeps up.
    for (let day = 1; day <= 14; day++) {
      clock.now += DAY;
      if (day % 5 === 0) A = await SyncEngine.resume(a.db, a.loc, A.bucket.key, { wallClock });
      await insertCollection(a.db, '1', `Day ${day} on A`);
      await A.round({ snapshot: day % 3 === 0 });
      await F.round();
    }
    await insertCollection(f.db, '1', 'Made on F');
    await F.round();
    clock.now += LOG_WINDOW_MS * 2;
    const report = await A.round({ snapshot: true });
    expect(report.snapshot).toBe(true);
    expect(report.pruned).toBeGreaterThan(0); // the snapshots of days 3, 6, 9 and 12 pruned most already

    const left = await names(a, p);
    const snapshots = left.filter((n) => n.startsWith('snapshot/'));
    const markers = left.filter((n) => n.endsWith('.pruned'));
    const entries = left.filter((n) => n.startsWith('log/') && !n.endsWith('.pruned'));
    expect(snapshots).toHaveLength(SNAPSHOTS_KEPT);
    expect(markers).toHaveLength(1);
    // Only the last PRUNE_KEEP_MS of log is left (one entry a day from A, F's one).
    const oldest = Number(entries[0]!.slice('log/'.length, 'log/'.length + 15));
    expect(clock.now - oldest).toBeLessThanOrEqual(PRUNE_KEEP_MS + 2 * DAY);
    expect(entries.length).toBeLessThanOrEqual(10);

    // F kept up: one request when nothing is new, no re-reading.
    const before = f.c.total();
    const idle = await F.round();
    expect(idle.resynced).toBe(false);
    expect(f.c.total() - before).toBe(1);

    // D was away two weeks: it meets the marker, re-reads the snapshot, sends its change.
    const back = await D.round();
    expect(back.resynced).toBe(true);
    await A.round();
    await F.round();
    const all = await shelves(a);
    expect(all).toContain('Made offline on D');
    expect(all).toContain('Made on F');
    expect(all.filter((n) => n.startsWith('Day '))).toHaveLength(14);
    expect(await shelves(d)).toEqual(all);
    expect(await shelves(f)).toEqual(all);

    // A device joining now reads the snapshot and the short tail: the same library.
    const j = await device(p);
    await SyncEngine.join(j.db, j.loc, PASS, { wallClock });
    expect(await shelves(j)).toEqual(all);
    expect(j.c.counts.GetObjectCommand ?? 0).toBeLessThanOrEqual(2 + entries.length);
  }, 120_000);

  it('keeps what a snapshot does not cover: a writer the snapshot never saw keeps its entries until the horizon', async () => {
    const p = 'prune-uncovered/';
    const a = await device(p);
    const A = await SyncEngine.turnOn(a.db, a.loc, PASS, { kdf: FAST_KDF, wallClock });
    // B writes, but A's snapshot is taken from a cursor that has not read B yet.
    const b = await device(p);
    const B = await SyncEngine.join(b.db, b.loc, PASS, { wallClock });
    await insertCollection(b.db, '1', 'Only on B so far');
    await B.round();
    const bEntries = (await names(b, p)).filter((n) => n.includes(B.bucket.writerId) && !n.endsWith('.pruned'));
    expect(bEntries.length).toBeGreaterThan(0);
    clock.now += 10 * DAY;
    await insertCollection(a.db, '1', 'Later on A');
    await A.round();
    const later = (await names(a, p)).filter((n) => n.startsWith('log/') && n.includes(A.bucket.writerId)).pop()!;
    // A snapshot whose cursor reached past B's entry without naming B as seen (a listing that
    // lagged): B's entry is past the keep bound but inside the horizon, so it stays.
    const written = await A.bucket.putSnapshot({ v: 1, records: [] }, { after: later, seen: {} });
    await A.bucket.prune(written);
    const left = await names(a, p);
    for (const n of bEntries) expect(left).toContain(n);
    // Named as seen, it goes.
    const covered = await A.bucket.putSnapshot({ v: 1, records: [] }, { after: later, seen: { [B.bucket.writerId]: { seq: 99, name: bEntries[0]! } } });
    expect((await A.bucket.prune(covered)).entries).toBeGreaterThanOrEqual(bEntries.length);
    const after = await names(a, p);
    for (const n of bEntries) expect(after).not.toContain(n);
  }, 60_000);
});
