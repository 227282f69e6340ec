import type { Db } from '../../src/db/Db';
import type { DbApi } from '../../src/db/api';
import type { HandlerContext } from '../../src/db/context';
import { makeHandlers } from '../../src/db/handlers';
import { seedDefaultAdmin } from '../../src/db/queries/users';
import { hashPassword } from '../../src/domain/passwords';
import { DEFAULT_ADMIN } from '../../src/domain/types';
import { engines, openMigrated, type Engine } from './engines';

export interface TestApi {
  db: Db;
  api: DbApi;
  ctx: HandlerContext;
  /** Tables reported by ctx.changed, in order. */
  changes: string[][];
  /** Moves the handlers' clock (Unix seconds). */
  clock: { now: number };
  /** Signs in as the default admin and clears the first-run password change; returns the token. */
  adminToken(): Promise<string>;
}

/**
 * The worker's API on a real migrated database in Node, as the worker builds it but without the
 * lock and the BroadcastChannel. The admin is seeded with a cheap bcrypt cost to keep tests fast.
 */
export async function makeTestApi(engine: Engine = engines[0]!): Promise<TestApi> {
  const db = await openMigrated(engine);
  await seedDefaultAdmin(db, (pw) => hashPassword(pw, 4));
  const clock = { now: 1_800_000_000 };
  const changes: string[][] = [];
  const ctx: HandlerContext = { db, now: () => clock.now, changed: (t) => changes.push(t) };
  const api = makeHandlers(ctx);
  return {
    db,
    api,
    ctx,
    changes,
    clock,
    async adminToken() {
      const s = await api.signIn(DEFAULT_ADMIN.email, DEFAULT_ADMIN.password, false);
      await api.changeOwnPassword(s.token, DEFAULT_ADMIN.password, 'admin-new-password');
      return s.token;
    },
  };
}
