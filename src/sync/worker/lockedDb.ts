import type { Db } from '../../db/Db';

/** Runs fn while holding the cross-tab database lock (navigator.locks in the browser). */
export type LockRunner = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * The sync worker's view of the catalogue: its own SQLite connection, where every statement, or
 * every transaction as a whole, holds the same Web Lock as the database worker's calls. Sync
 * waits on the network between its statements, so it must not hold the lock for a whole round:
 * readers in every tab would wait on the bucket. Statements inside a transaction run under the
 * transaction's lock (Web Locks are not re-entrant), and so does any statement this worker issues
 * while one of its transactions is open: the engine awaits each step, so only its own do.
 */
export function lockedDb(db: Db, withLock: LockRunner): Db {
  let depth = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    if (depth > 0) return fn();
    const run = queue.then(() => withLock(fn));
    queue = run.catch(() => {});
    return run;
  };
  const nested = <T>(kind: 'transaction' | 'batch', fn: () => Promise<T>) =>
    locked(async () => {
      depth++;
      try {
        return await db[kind](fn);
      } finally {
        depth--;
      }
    });
  return {
    exec: (sql) => locked(() => db.exec(sql)),
    run: (sql, params) => locked(() => db.run(sql, params)),
    all: (sql, params) => locked(() => db.all(sql, params)),
    get: (sql, params) => locked(() => db.get(sql, params)),
    transaction: (fn) => nested('transaction', fn),
    batch: (fn) => nested('batch', fn),
    close: () => db.close(),
  };
}
