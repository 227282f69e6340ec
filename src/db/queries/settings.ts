import type { Db } from '../Db';
import { nowSeconds } from '../../domain/types';

export async function getSetting(db: Db, key: string): Promise<string | null> {
  const row = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
  return row?.value ?? null;
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db.run(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [key, value, nowSeconds()],
  );
}

export async function deleteSetting(db: Db, key: string): Promise<void> {
  await db.run('DELETE FROM settings WHERE key = ?', [key]);
}

export async function getLibraryVersion(db: Db): Promise<number> {
  return Number((await getSetting(db, 'library_version')) ?? 0);
}

/** Increments settings.library_version (it only grows); call inside the write's transaction. */
export async function bumpLibraryVersion(db: Db): Promise<number> {
  await db.run(
    `INSERT INTO settings (key, value, updated_at) VALUES ('library_version', '1', ?)
     ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT), updated_at = excluded.updated_at`,
    [nowSeconds()],
  );
  return getLibraryVersion(db);
}

/**
 * Runs a write that changes the library (books, their membership) in one transaction that also
 * bumps library_version, so other tabs that see the new version also see the new rows.
 */
export async function libraryWrite<T>(db: Db, fn: () => Promise<T>): Promise<{ result: T; version: number }> {
  return db.transaction(async () => {
    const result = await fn();
    const version = await bumpLibraryVersion(db);
    return { result, version };
  });
}
