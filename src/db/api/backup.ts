import type { Token } from './common';

export interface RestoreSummary {
  books: number;
  users: number;
  collections: number;
  /** Migrations applied to bring an older backup up to date. */
  migrated: string[];
  /** What was corrected on the way in (see src/db/backupRules.ts), in plain words. */
  repairs: string[];
}

/**
 * A restore holds the file in memory twice (the page's copy and the worker's scratch file);
 * a catalogue of 100,000 books is under 100 MB.
 */
export const MAX_RESTORE_BYTES = 512 * 1024 * 1024;

export function restoreTooLarge(bytes: number): string {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return `This file is ${mb(bytes)}; a backup can be at most ${mb(MAX_RESTORE_BYTES)}. Nothing was changed.`;
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
