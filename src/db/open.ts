import SQLiteESMFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import * as SQLite from '@journeyapps/wa-sqlite';
import { OPFSCoopSyncVFS } from '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js';
import wasmUrl from '@journeyapps/wa-sqlite/dist/wa-sqlite.wasm?url';
import { AppError } from '../domain/errors';
import { WaSqliteDb } from './WaSqliteDb';
import { assertOpfs } from '../lib/assertOpfs';

export const DB_FILE = 'library.db';

/**
 * Opens the catalogue in OPFS with the synchronous wa-sqlite build and OPFSCoopSyncVFS: it needs
 * no COOP/COEP headers, and its access handles are handed between tabs cooperatively.
 */
export async function openOpfsDb(file = DB_FILE): Promise<WaSqliteDb> {
  await assertOpfs();
  try {
    const module = await SQLiteESMFactory({ locateFile: () => wasmUrl });
    const sqlite3 = SQLite.Factory(module);
    sqlite3.vfs_register((await OPFSCoopSyncVFS.create('opfs', module)) as never, true);
    const handle = await sqlite3.open_v2(file);
    const db = new WaSqliteDb(sqlite3, handle);
    await db.exec('PRAGMA foreign_keys = ON');
    return db;
  } catch (e) {
    throw new AppError('DB_OPEN_FAILED', `The library database could not be opened: ${e instanceof Error ? e.message : String(e)}`, undefined, {
      cause: e,
    });
  }
}
