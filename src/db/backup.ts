import type { Db } from './Db';
import type { RestoreSummary } from './api';
import { appliedMigrations, migrate, type Migration } from './migrate';
import type { MemoryFiles } from './MemoryFiles';
import { AppError } from '../domain/errors';
import { getLibraryVersion, setSetting } from './queries/settings';
import { hashPlainShareTokens, keepOnlyLiveShareLinks, liveShareLinks } from './queries/collections';
import { checkBackupRows } from './backupRules';
import { MAX_RESTORE_BYTES, restoreTooLarge } from './api/backup';

const SQLITE_HEADER = 'SQLite format 3\0';
const CORE_TABLES = ['users', 'books', 'reading_progress', 'collections', 'collection_books', 'settings'];
/** Per-browser state that never travels in a backup (share_links: the tokens of live links). */
const LOCAL_ONLY_TABLES = ['sessions', 'login_attempts', 'share_links'];

export function isSqliteFile(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 100) return false;
  for (let i = 0; i < SQLITE_HEADER.length; i++) if (bytes[i] !== SQLITE_HEADER.charCodeAt(i)) return false;
  return true;
}

async function tableNames(db: Db, schema = 'main'): Promise<string[]> {
  const rows = await db.all<{ name: string }>(
    `SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

/** Bytes used by the database file (its pages, free ones included). */
export async function databaseSize(db: Db): Promise<number> {
  const pages = await db.get<{ page_count: number }>('PRAGMA page_count');
  const size = await db.get<{ page_size: number }>('PRAGMA page_size');
  return Number(pages?.page_count ?? 0) * Number(size?.page_size ?? 0);
}

/**
 * Checks that a candidate database (opened on its own connection) is an Alex library and brings
 * it up to this app's schema. Refuses, with a plain message: not SQLite, not Alex, made by a
 * newer Alex. A database from before migrations were tracked is baselined from its columns.
 */
export async function prepareBackup(candidate: Db, migrations: Migration[]): Promise<{ migrated: string[] }> {
  let tables: string[];
  try {
    tables = await tableNames(candidate);
  } catch (e) {
    throw new AppError('NOT_AN_ALEX_DATABASE', 'This file is damaged or is not a SQLite database.', undefined, { cause: e });
  }
  const missing = CORE_TABLES.filter((t) => !tables.includes(t));
  if (missing.length)
    throw new AppError('NOT_AN_ALEX_DATABASE', `This file is a SQLite database but not an Alex library (it has no ${missing.join(', ')} table).`);
  if (!tables.includes('schema_migrations')) {
    // Baseline: the core tables prove 0000; the S3 columns prove 0001.
    await candidate.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL)');
    const cols = await candidate.all<{ name: string }>('PRAGMA table_info(books)');
    const baseline = ['0000_wide_expediter.sql'];
    if (cols.some((c) => c.name === 's3_etag')) baseline.push('0001_s3_source_columns.sql');
    for (const name of baseline) await candidate.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, 0)', [name]);
  }
  const before = new Set(await appliedMigrations(candidate));
  const { applied } = await migrate(candidate, migrations); // throws SCHEMA_TOO_NEW for a newer file
  const integrity = await candidate.get<{ integrity_check: string }>('PRAGMA integrity_check');
  if (integrity?.integrity_check !== 'ok') throw new AppError('NOT_AN_ALEX_DATABASE', 'This backup is damaged (integrity check failed).');
  return { migrated: applied.filter((n) => !before.has(n)) };
}

/** Copies the catalogue into a standalone database file, without this browser's sessions. */
export async function exportDatabase(db: Db, mem: MemoryFiles): Promise<Uint8Array> {
  const name = `export-${crypto.randomUUID()}.db`;
  try {
    await db.exec(`VACUUM INTO '${mem.uri(name)}'`);
    const copy = await mem.open(name);
    try {
      for (const t of LOCAL_ONLY_TABLES) await copy.exec(`DELETE FROM ${t}`);
      await copy.exec('VACUUM');
    } finally {
      await copy.close();
    }
    return mem.take(name);
  } finally {
    mem.remove(name);
  }
}

/**
 * Replaces the whole catalogue with a backup, in one transaction on the open connection (so a
 * crash leaves the old library or the new one, never a mix). Everyone is signed out.
 */
export async function restoreDatabase(db: Db, mem: MemoryFiles, bytes: Uint8Array, migrations: Migration[]): Promise<RestoreSummary> {
  if (bytes.byteLength > MAX_RESTORE_BYTES) throw new AppError('INVALID_INPUT', restoreTooLarge(bytes.byteLength));
  if (!isSqliteFile(bytes)) throw new AppError('NOT_AN_ALEX_DATABASE', 'This file is not a SQLite database, so it cannot be an Alex backup.');
  const name = `restore-${crypto.randomUUID()}.db`;
  mem.put(name, bytes);
  try {
    const candidate = await mem.open(name);
    let migrated: string[];
    let repairs: string[];
    try {
      ({ migrated } = await prepareBackup(candidate, migrations));
      repairs = await checkBackupRows(candidate);
      await hashPlainShareTokens(candidate);
    } finally {
      await candidate.close();
    }
    await db.exec(`ATTACH '${mem.uri(name)}' AS restore`);
    try {
      await db.exec('PRAGMA foreign_keys = OFF');
      await db.transaction(async () => {
        const versionBefore = await getLibraryVersion(db);
        const live = await liveShareLinks(db);
        const tables = (await tableNames(db)).filter((t) => t !== 'schema_migrations');
        const theirs = new Set(await tableNames(db, 'restore'));
        for (const t of tables) await db.exec(`DELETE FROM main."${t}"`);
        for (const t of tables) {
          if (LOCAL_ONLY_TABLES.includes(t) || !theirs.has(t)) continue;
          const cols = (await db.all<{ name: string }>(`PRAGMA main.table_info("${t}")`)).map((c) => `"${c.name}"`).join(', ');
          await db.exec(`INSERT INTO main."${t}" (${cols}) SELECT ${cols} FROM restore."${t}"`);
        }
        const broken = await db.all('PRAGMA main.foreign_key_check');
        if (broken.length) throw new AppError('NOT_AN_ALEX_DATABASE', 'This backup has rows that point at missing rows; nothing was changed.');
        const stopped = await keepOnlyLiveShareLinks(db, live);
        if (stopped) repairs.push(`${stopped} share link${stopped === 1 ? '' : 's'} not live in this browser ${stopped === 1 ? 'was' : 'were'} stopped`);
        // library_version only grows, even when the backup is older than what tabs have seen.
        await setSetting(db, 'library_version', String(Math.max(versionBefore, await getLibraryVersion(db)) + 1));
      });
    } finally {
      await db.exec('PRAGMA foreign_keys = ON');
      await db.exec('DETACH restore').catch(() => {});
    }
    const count = async (t: string) => Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`))!.n);
    return { books: await count('books'), users: await count('users'), collections: await count('collections'), migrated, repairs };
  } finally {
    mem.remove(name);
  }
}
