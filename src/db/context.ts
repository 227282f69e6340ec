import type { Db } from './Db';
import type { MemoryFiles } from './MemoryFiles';
import type { Migration } from './migrate';

/** What every handler gets: the database and a way to tell every tab what changed. */
export interface HandlerContext {
  db: Db;
  /** Called after a committed write that other tabs should see. */
  changed(tables: string[], libraryVersion?: number): void;
  /** In-memory scratch database files for export/restore (wa-sqlite only; absent on sql.js). */
  scratch?: MemoryFiles;
  /** The migrations this app knows (restore brings older backups up to them). */
  migrations?: Migration[];
  /** Clock in Unix seconds; tests move it to check expiries and backoff. */
  now(): number;
  /**
   * Housekeeping writes that must never fail the call they come from (a session's sliding
   * expiry): the worker runs them after the call's transaction, each on its own, errors ignored.
   * Absent (Node tests), they run at once.
   */
  afterCall?(fn: () => Promise<void>): void;
}
