import { describe, expect, it } from 'vitest';
import { lockedDb, type LockRunner } from '../../src/sync/worker/lockedDb';
import { isUnusedLibrary } from '../../src/db/queries/syncState';
import { DEFAULT_ADMIN } from '../../src/domain/types';
import { engines, openMigrated } from './engines';
import { makeTestApi } from './testApi';

/** navigator.locks.request for one lock name, in process: holders run one after another. */
function exclusiveLock(): { run: LockRunner; held: () => boolean } {
  let tail: Promise<unknown> = Promise.resolve();
  let holding = false;
  const run: LockRunner = (fn) => {
    const next = tail.then(async () => {
      holding = true;
      try {
        return await fn();
      } finally {
        holding = false;
      }
    });
    tail = next.catch(() => {});
    return next;
  };
  return { run, held: () => holding };
}

describe.each(engines)('the sync worker’s database connection ($name)', (engine) => {
  it('holds the database lock for each statement and for a whole transaction, nested statements included, and never deadlocks', async () => {
    const raw = await openMigrated(engine);
    await raw.exec('CREATE TABLE t (n INTEGER)');
    const lock = exclusiveLock();
    const db = lockedDb(raw, lock.run);
    const seenByOthers: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));

    const tx = db.transaction(async () => {
      await db.run('INSERT INTO t VALUES (1)');
      entered();
      await gate;
      await db.run('INSERT INTO t VALUES (2)');
      // Savepoints nest inside, under the same lock.
      await db.transaction(() => db.run('INSERT INTO t VALUES (3)'));
    });
    await inside;
    // The database worker's call, on the same lock: it runs only after the commit.
    const other = lock.run(async () => {
      for (const r of await raw.all<{ n: number }>('SELECT n FROM t ORDER BY n')) seenByOthers.push(Number(r.n));
    });
    await Promise.resolve();
    expect(lock.held()).toBe(true);
    release();
    await Promise.all([tx, other]);
    expect(seenByOthers).toEqual([1, 2, 3]);
    expect(lock.held()).toBe(false);

    // A failed transaction rolls back and releases the lock.
    await expect(db.transaction(async () => {
      await db.run('INSERT INTO t VALUES (4)');
      throw new Error('no');
    })).rejects.toThrow('no');
    expect(lock.held()).toBe(false);
    expect(await db.get<{ c: number }>('SELECT COUNT(*) AS c FROM t')).toEqual({ c: 3 });
  });

  it('lets only an unused library join from the sign-in page', async () => {
    const t = await makeTestApi(engine);
    expect(await isUnusedLibrary(t.db, DEFAULT_ADMIN.id)).toBe(true);
    const token = await t.adminToken();
    expect(await isUnusedLibrary(t.db, DEFAULT_ADMIN.id)).toBe(true);
    await t.api.createUser(token, { email: 'reader@example.org', displayName: 'Reader', password: 'a long enough password', role: 'user' });
    expect(await isUnusedLibrary(t.db, DEFAULT_ADMIN.id)).toBe(false);
  });
});
