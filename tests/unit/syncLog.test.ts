import { describe, expect, it } from 'vitest';
import { EMPTY_CURSOR, type SyncCursor } from '../../src/sync/types';
import { device, useSyncS3, type S3 } from './syncHelpers';

const PASS = 'log passphrase';
type Rec = { from: string; n: number };

/** A simulated device: its bucket, its cursor, and every record it has applied. */
async function peer(s3: S3, prefix: string, name: string, opts: { create?: boolean; skewMs?: number } = {}) {
  const d = await device<Rec>(s3, prefix, PASS, { create: !!opts.create, wallClock: () => Date.now() + (opts.skewMs ?? 0) });
  let cursor: SyncCursor = EMPTY_CURSOR;
  let n = 0;
  const got: Rec[] = [];
  return {
    ...d,
    name,
    got,
    sent: () => n,
    append: (count = 1) => d.bucket.append(Array.from({ length: count }, () => ({ from: name, n: ++n }))),
    async pull() {
      const r = await d.bucket.pull(cursor);
      for (const e of r.entries) got.push(...e.records);
      cursor = r.cursor;
      return r.entries;
    },
    get cursor() {
      return cursor;
    },
  };
}
type Peer = Awaited<ReturnType<typeof peer>>;

/** Each peer holds every other peer's records exactly once, in each sender's order. */
function expectExactlyOnce(peers: Peer[]) {
  for (const p of peers)
    for (const q of peers) {
      if (p === q) continue;
      expect(p.got.filter((r) => r.from === q.name).map((r) => r.n), `${p.name} from ${q.name}`).toEqual(Array.from({ length: q.sent() }, (_, i) => i + 1));
    }
}

describe('the sync log in a real bucket (s3rver)', () => {
  const s3 = useSyncS3();

  it('two devices take turns and each pulls the other’s batches once', async () => {
    const a = await peer(s3(), 'two/', 'a', { create: true });
    const b = await peer(s3(), 'two/', 'b');
    await a.append(2);
    await b.pull();
    await b.append();
    await a.pull();
    await a.append();
    await b.pull();
    await a.pull();
    await b.pull();
    expectExactlyOnce([a, b]);
  });

  it('an idle pull is exactly one ListObjectsV2 request', async () => {
    const a = await peer(s3(), 'idle/', 'a', { create: true });
    const b = await peer(s3(), 'idle/', 'b');
    await a.append(3);
    await b.pull();
    const before = { ...b.counts };
    const total = b.total();
    expect(await b.pull()).toEqual([]);
    expect(b.total() - total).toBe(1);
    expect(b.counts.ListObjectsV2Command).toBe((before.ListObjectsV2Command ?? 0) + 1);
  });

  it('a device whose clock is minutes behind uploads after a reader passed its slot, and is still read once', async () => {
    const a = await peer(s3(), 'skew/', 'a', { create: true });
    const late = await peer(s3(), 'skew/', 'late', { skewMs: -5 * 60_000 });
    const reader = await peer(s3(), 'skew/', 'reader');
    await a.append();
    await reader.pull(); // the reader's cursor is now at a's entry, minutes "ahead" of late's clock
    const puts = late.counts.PutObjectCommand ?? 0;
    const { name } = await late.append(); // never pulled: its first name sorts 5 minutes early
    expect(late.counts.PutObjectCommand! - puts).toBe(2); // landed behind the window, so sent again after a's
    expect(name > reader.cursor.after!).toBe(true);
    await reader.pull();
    await a.pull();
    await late.pull();
    const joiner = await peer(s3(), 'skew/', 'joiner'); // sees both copies of late's batch, keeps one
    await joiner.pull();
    expect(joiner.got.filter((r) => r.from === 'late')).toHaveLength(1);
    expectExactlyOnce([a, late, reader]);
  });

  it('three devices append and pull at once (one skewed behind, one ahead) and all converge, each batch once', async () => {
    const p = [
      await peer(s3(), 'three/', 'p0', { create: true }),
      await peer(s3(), 'three/', 'p1', { skewMs: -3 * 60_000 }),
      await peer(s3(), 'three/', 'p2', { skewMs: 90_000 }),
    ];
    for (let round = 0; round < 6; round++)
      await Promise.all(p.map(async (d, i) => {
        if ((round + i) % 3 !== 0) await d.pull();
        await d.append(1 + ((round + i) % 2));
        if ((round * i) % 2) await d.pull();
      }));
    for (const d of p) await d.pull();
    expectExactlyOnce(p);
  });

  it('an entry a reader never listed is fetched through its successor’s pointer', async () => {
    let wall = Date.now();
    const a = await device<Rec>(s3(), 'gap/', PASS, { create: true, wallClock: () => wall });
    const r = await device<Rec>(s3(), 'gap/', PASS);
    const first = await a.bucket.append([{ from: 'a', n: 1 }]);
    wall += 10 * 60_000;
    const second = await a.bucket.append([{ from: 'a', n: 2 }]);
    // A cursor already past the first entry (as a lagging listing could leave it), not having applied it.
    const { entries, cursor } = await r.bucket.pull({ after: second.name, seen: {} });
    expect(entries.map((e) => e.name)).toEqual([first.name, second.name]);
    expect(cursor.seen[a.bucket.writerId]).toEqual({ seq: 2, name: second.name });
  });

  it('the newest snapshot wins, and a device joining from it pulls only what came after', async () => {
    const a = await peer(s3(), 'snap/', 'a', { create: true });
    const b = await peer(s3(), 'snap/', 'b', { skewMs: -2 * 60_000 });
    expect(await a.bucket.latestSnapshot()).toBeNull();
    await a.append(2);
    await a.bucket.putSnapshot({ upTo: 2 }, a.cursor);
    await b.pull();
    await b.append();
    // b's clock is behind, yet its snapshot is stamped after a's, which it replaces.
    await b.bucket.putSnapshot({ upTo: 'a2+b1' }, b.cursor);
    await a.pull();
    await a.append(); // after both snapshots
    const snapA = await a.bucket.latestSnapshot<{ upTo: unknown }>();
    const snapB = await b.bucket.latestSnapshot<{ upTo: unknown }>();
    expect(snapA!.state).toEqual({ upTo: 'a2+b1' });
    expect(snapB!.name).toBe(snapA!.name);

    const joiner = await device<Rec>(s3(), 'snap/', PASS);
    const snap = (await joiner.bucket.latestSnapshot<{ upTo: unknown }>())!;
    const { entries } = await joiner.bucket.pull(snap.cursor);
    expect(entries.flatMap((e) => e.records)).toEqual([{ from: 'a', n: 3 }]);
  });
});
