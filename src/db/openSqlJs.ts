import initSqlJs from 'sql.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqlJsDb } from './SqlJsDb';

let sqlPromise: ReturnType<typeof initSqlJs> | undefined;

/** Opens a database file (or an empty in-memory one) with sql.js, foreign keys on. Node only. */
export async function openSqlJs(bytes?: Uint8Array): Promise<SqlJsDb> {
  sqlPromise ??= initSqlJs();
  const SQL = await sqlPromise;
  const db = new SqlJsDb(new SQL.Database(bytes));
  await db.exec('PRAGMA foreign_keys = ON');
  return db;
}

export async function openSqlJsFile(path: string): Promise<SqlJsDb> {
  return openSqlJs(existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined);
}

/** sql.js keeps the whole database in memory; this writes it back to disk. */
export function saveSqlJsFile(db: SqlJsDb, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, db.raw.export());
}
