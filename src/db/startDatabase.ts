import type { ChangeEvent, DbApi } from './api';
import type { HandlerContext } from './context';
import { makeHandlers } from './handlers';
import { migrate } from './migrate';
import { bundledMigrations } from './bundledMigrations';
import { openOpfsDb } from './open';
import { seedDefaultAdmin } from './queries/users';
import { hashPlainShareTokens } from './queries/collections';
import { getLibraryVersion } from './queries/settings';
import { nowSeconds } from '../domain/types';

import { DB_LOCK } from './dbLock';

/**
 * Every call holds this Web Lock for its whole run. It serialises calls from every tab (two
 * connections writing at once would otherwise fail with "database is locked") and, within a tab,
 * keeps one call's statements out of another call's transaction. The sync worker holds it too.
 */
export { DB_LOCK };

/** Calls whose statements (VACUUM INTO, ATTACH) cannot run inside a transaction. */
const UNBATCHED = new Set(['exportLibrary', 'restoreLibrary']);

function withLock<T>(fn: () => Promise<T>): Promise<T> {
  return navigator.locks.request(DB_LOCK, fn) as Promise<T>;
}

/**
 * Marks each call in the worker's performance timeline as `alex-db:<name>`: its time inside the
 * lock, without the message hops and the wait (the benchmarks read these from the worker).
 */
let marks = 0;
function mark(name: string, start: number) {
  // The timeline keeps every measure: drop them now and then so a long session does not grow it.
  if (++marks % 1000 === 0) performance.clearMeasures();
  performance.measure(`alex-db:${name}`, { start });
}

export async function startDatabase(broadcast: (e: ChangeEvent) => void): Promise<DbApi> {
  const start = performance.now();
  const { db, scratch } = await openOpfsDb();
  await withLock(async () => {
    await migrate(db, bundledMigrations);
    await hashPlainShareTokens(db);
    await seedDefaultAdmin(db);
  });
  mark('start', start);
  const pending: string[][] = [];
  const housekeeping: (() => Promise<void>)[] = [];
  const ctx: HandlerContext = {
    db,
    scratch,
    migrations: bundledMigrations,
    now: nowSeconds,
    changed: (tables) => pending.push(tables),
    afterCall: (fn) => housekeeping.push(fn),
  };
  const handlers = makeHandlers(ctx);
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(handlers) as [string, (...a: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = (...args: unknown[]) =>
      withLock(async () => {
        pending.length = 0;
        housekeeping.length = 0;
        const start = performance.now();
        try {
          return await (UNBATCHED.has(name) ? fn(...args) : db.batch(() => fn(...args)));
        } finally {
          for (const job of housekeeping.splice(0)) await job().catch(() => {});
          mark(name, start);
          // Tell the tabs (this one included: its page listens on its own channel object) only
          // after the write committed, with the version they should now see.
          if (pending.length) {
            const tables = [...new Set(pending.flat())];
            pending.length = 0;
            broadcast({ libraryVersion: await getLibraryVersion(db), tables });
          }
        }
      });
  }
  return wrapped as unknown as DbApi;
}
