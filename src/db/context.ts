import type { Db } from './Db';

/** What every handler gets: the database and a way to tell every tab what changed. */
export interface HandlerContext {
  db: Db;
  /** Called after a committed write that other tabs should see. */
  changed(tables: string[], libraryVersion?: number): void;
  /** Clock in Unix seconds; tests move it to check expiries and backoff. */
  now(): number;
}
