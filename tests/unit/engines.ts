import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import SQLiteESMFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import * as SQLite from '@journeyapps/wa-sqlite';
import type { Db } from '../../src/db/Db';
import { openSqlJs } from '../../src/db/openSqlJs';
import { WaSqliteDb } from '../../src/db/WaSqliteDb';
import { MemoryFiles } from '../../src/db/MemoryFiles';
import { migrate } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/loadMigrations';

const require = createRequire(import.meta.url);

/** The same wa-sqlite build the worker uses, on an in-memory database. */
export async function openWaSqlite(): Promise<Db> {
  return (await openWaSqliteWithMemoryFiles()).db;
}

/** wa-sqlite opened as the worker opens it (URI filenames on), plus the worker's scratch files. */
export async function openWaSqliteWithMemoryFiles(): Promise<{ db: WaSqliteDb; mem: MemoryFiles }> {
  const wasmBinary = readFileSync(require.resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm'));
  const module = await SQLiteESMFactory({ wasmBinary });
  const sqlite3 = SQLite.Factory(module);
  const mem = await MemoryFiles.create(sqlite3, module);
  const handle = await sqlite3.open_v2(':memory:', SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE | SQLite.SQLITE_OPEN_URI);
  const db = new WaSqliteDb(sqlite3, handle);
  await db.exec('PRAGMA foreign_keys = ON');
  return { db, mem };
}

export interface Engine {
  name: string;
  open(): Promise<Db>;
}

/** Suites run over both engines: the migrations and queries must behave the same in each. */
export const engines: Engine[] = [
  { name: 'sql.js', open: () => openSqlJs() },
  { name: 'wa-sqlite', open: openWaSqlite },
];

export async function openMigrated(engine: Engine): Promise<Db> {
  const db = await engine.open();
  await migrate(db, loadMigrations());
  return db;
}
