import type { Token } from './common';

export interface RestoreSummary {
  books: number;
  users: number;
  collections: number;
  /** Migrations applied to bring an older backup up to date. */
  migrated: string[];
}

/** Admin only. */
export interface BackupApi {
  /** The catalogue as one SQLite file (same format as the db:* commands), without sessions. */
  exportLibrary(token: Token): Promise<Uint8Array>;
  /** Replaces the catalogue with a backup after checking it; every session ends. */
  restoreLibrary(token: Token, bytes: Uint8Array): Promise<RestoreSummary>;
  /** Bytes used by the catalogue file itself. */
  databaseSize(token: Token): Promise<number>;
}
