import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeBook, makeUser } from './factories';
import { BUCKET, startSyncS3, type S3 } from './syncHelpers';
import { firstDevice, joiningDevice, PASS, type Device } from './syncDevices';
import { S3RVER_KEYS } from './s3server';
import { insertCollection, listCollectionsOfUser } from '../../src/db/queries/collections';
import { countDirty } from '../../src/db/queries/syncState';
import { makeS3Client } from '../../src/s3/client';
import { DEFAULT_S3_CONFIG } from '../../src/db/api';
import { SyncEngine } from '../../src/sync/SyncEngine';
import { SyncLoop, type LockManagerLike, type SyncLoopEnv } from '../../src/sync/SyncLoop';
import { statusLine, syncedAgo } from '../../src/sync/syncStatus';

/** Web Locks' exclusive mode: one holder per name, the others queue in order. */
class Locks implements LockManagerLike {
  #queues = new Map<string, (() => void)[]>();
  async request(name: string, callback: () => Promise<void>): Promise<void> {
    const q = this.#queues.get(name) ?? [];
    this.#queues.set(name, q);
    await new Promise<void>((granted) => {
      q.push(granted);
      if (q.length === 1) granted();
    });
    try {
      await callback();
    } finally {
      q.shift();
      q[0]?.();
    }
  }
}

/** The loop's surroundings: a clock and timers the test moves by hand, the network switch. */
function env(round: () => ReturnType<SyncLoopEnv['round']>, pending: () => Promise<number>, locks: LockManagerLike) {
  const timers: { fn: () => void; ms: number }[] = [];
  const e: { net: boolean; at: number; rounds: number; timers: typeof timers; env: SyncLoopEnv; lastDelay(): number | undefined } = {
    net: true,
    at: 1_900_000_000_000,
    rounds: 0,
    timers,
    env: {
      round: () => (e.rounds++, round()),
      pending,
      locks,
      online: () => e.net,
      now: () => e.at,
      setTimer: (fn: () => void, ms: number) => (timers.push({ fn, ms }), timers.length - 1),
      clearTimer: () => {},
    },
    /** The delay of the last timer the loop set. */
    lastDelay: () => timers.at(-1)?.ms,
  };
  return e;
}

/** Resolves once the lock decided which tab syncs. */
function started(loop: SyncLoop): Promise<void> {
  return new Promise((resolve) => {
    if (loop.status.state !== 'other-tab' && loop.status.state !== 'off') return resolve();
    const off = loop.onStatus((s) => s.state !== 'other-tab' && (off(), resolve()));
  });
}

describe('the background sync loop', () => {
  const engine = engines[0]!;
  let s3: S3;
  let a: Device;
  let b: Device;
  let readerId = '';
  beforeAll(async () => {
    s3 = await startSyncS3();
    a = await firstDevice(engine, s3, 'loop/', async (t) => {
      readerId = (await makeUser(t.db, 'user', 'loop@example.org')).id;
      await makeBook(t.db, { fileHash: 'e'.repeat(64) });
    });
    b = await joiningDevice(engine, s3, 'loop/');
  }, 120_000);
  afterAll(async () => {
    await s3?.close();
  });

  it('runs in one tab per profile; the next tab takes over when it closes', async () => {
    const locks = new Locks();
    const one = env(() => a.sync.round(), () => countDirty(a.db), locks);
    const two = env(() => a.sync.round(), () => countDirty(a.db), locks);
    const first = new SyncLoop(one.env);
    const second = new SyncLoop(two.env);
    first.start();
    second.start();
    await started(first);
    await first.syncNow();
    await second.syncNow();
    expect(one.rounds).toBe(1);
    expect(two.rounds).toBe(0);
    expect(statusLine(second.status, two.at)).toBe('Syncing in another tab of this browser.');
    first.stop();
    await started(second);
    await second.syncNow();
    expect(two.rounds).toBe(1);
    second.stop();
  });

  it('keeps changes made offline and sends them on reconnecting; says when it last synced', async () => {
    const la = env(() => a.sync.round(), () => countDirty(a.db), new Locks());
    const lb = env(() => b.sync.round(), () => countDirty(b.db), new Locks());
    const loopA = new SyncLoop(la.env, { intervalMs: 60_000 });
    const loopB = new SyncLoop(lb.env);
    loopA.start();
    loopB.start();
    await started(loopA);
    await started(loopB);

    la.net = false;
    await insertCollection(a.db, readerId, 'Written offline');
    loopA.changed();
    expect(la.lastDelay()).toBe(2_000);
    const off = await loopA.syncNow();
    expect(off).toMatchObject({ problem: 'offline', pending: 1 });
    expect(la.rounds).toBe(0);

    la.net = true;
    loopA.reconnected();
    expect(la.lastDelay()).toBe(0);
    const ok = await loopA.syncNow();
    expect(ok).toMatchObject({ state: 'ok', problem: null, pending: 0, lastSyncedAt: la.at });
    expect(la.lastDelay()).toBe(60_000);
    expect(statusLine(ok, la.at + 2 * 60_000)).toBe('Synced 2 minutes ago');

    await loopB.syncNow();
    expect((await listCollectionsOfUser(b.db, readerId)).map((c) => c.name)).toContain('Written offline');
    loopA.stop();
    loopB.stop();
  });

  it('pausing stops it until resumed', async () => {
    const l = env(() => a.sync.round(), () => countDirty(a.db), new Locks());
    const loop = new SyncLoop(l.env);
    loop.start();
    await started(loop);
    loop.pause();
    expect(statusLine(await loop.syncNow(), l.at)).toBe('Sync is paused.');
    expect(l.rounds).toBe(0);
    loop.resume();
    await loop.syncNow();
    expect(l.rounds).toBe(1);
    loop.stop();
  });

  it('says why it cannot sync: a wrong passphrase waits for the person, an unreachable bucket backs off', async () => {
    const wrong = env(async () => (await SyncEngine.resume(a.db, a.loc, `not ${PASS}`)).round(), () => countDirty(a.db), new Locks());
    const loop = new SyncLoop(wrong.env, { intervalMs: 60_000 });
    loop.start();
    await started(loop);
    const before = wrong.timers.length;
    const s = await loop.syncNow();
    expect(s).toMatchObject({ state: 'failing', problem: 'passphrase' });
    expect(s.message).toMatch(/passphrase/);
    expect(wrong.timers.length).toBe(before); // no retry by itself
    loop.stop();

    const client = await makeS3Client({ ...DEFAULT_S3_CONFIG, endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: BUCKET, forcePathStyle: true }, S3RVER_KEYS);
    const down = env(async () => (await SyncEngine.resume(a.db, { client, bucket: BUCKET, prefix: 'loop/' }, PASS)).round(), () => countDirty(a.db), new Locks());
    const loop2 = new SyncLoop(down.env, { intervalMs: 60_000 });
    loop2.start();
    await started(loop2);
    expect(await loop2.syncNow()).toMatchObject({ problem: 'unreachable' });
    expect(down.lastDelay()).toBe(60_000);
    await loop2.syncNow();
    expect(down.lastDelay()).toBe(120_000);
    expect(loop2.status.message).toMatch(/CORS/);
    loop2.stop();
  }, 60_000);

  it('words the time since the last sync', () => {
    const t = 1_900_000_000_000;
    expect(syncedAgo(t, t + 10_000)).toBe('Synced just now');
    expect(syncedAgo(t, t + 3 * 3_600_000)).toBe('Synced 3 hours ago');
    expect(syncedAgo(t, t + 26 * 3_600_000)).toBe('Synced yesterday');
  });
});
